namespace Unmentoring.Web.Pages.Organise;

/// <summary>One rule on the rules page: its key (the form field's name and id), what it means, and whether it is yes or no.</summary>
internal sealed record RuleField(string Key, string Label, string Meaning, bool IsYesNo);

/// <summary>The rules in the order the page shows them, each with the meaning an organiser reads beside it.</summary>
internal static class RuleFields
{
    public static IReadOnlyList<RuleField> All { get; } =
    [
        new("repeatWindowRounds", "Rounds before two people can meet again", "People who met in the last this many rounds are not grouped again (0 to 1000).", false),
        new("avoidSameOrganisation", "Avoid the same organisation", "Never group two people from the same organisation.", true),
        new("oddPolicy", "The odd one out", "When the number is odd, the odd one out joins a pair (trio) or sits out this round (sitOut).", false),
        new("relaxRepeats", "Allow an older repeat", "Allow an older repeat rather than leave someone unmatched.", true),
        new("scheduleCron", "When rounds run", "A Quartz cron expression, for example 0 0 9 ? * MON#1 (09:00 on the first Monday of each month).", false),
        new("timeZone", "Time zone", "The time zone the schedule is read in, for example Europe/London.", false),
        new("requireApproval", "Hold rounds for approval", "Hold each round's emails until an organiser approves it.", true),
        new("feedbackAfterDays", "Days before asking whether people met", "Days after the introduction to ask whether people met (0 to 90; 0 never asks).", false),
        new("feedbackReminderAfterDays", "Days before asking again", "Days after asking whether people met to ask once more those who answered \"not yet\" or nothing (0 to 90; 0 sends no reminder).", false),
        new("autoPauseAfterSilentRounds", "Silent rounds before a pause", "Pause someone who was asked about this many of their rounds in a row and answered none, when the next round is planned (0 to 24; 0 never pauses). Sitting out, not being due and an address that bounces never count.", false),
    ];
}
