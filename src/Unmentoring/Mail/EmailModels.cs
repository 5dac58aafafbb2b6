namespace Unmentoring.Mail;

/// <summary>
/// What the templates of one kind of email can name. A placeholder is a public property of the kind's model,
/// written in camelCase in the templates (<c>RecipientName</c> is <c>{{ recipientName }}</c>): adding one is
/// adding a property here. <see cref="EmailTemplates"/> checks every template against these types when it
/// loads them, and a specification checks Templates/README.txt against them.
/// </summary>
/// <remarks>
/// A detail a person did not share is null, never "": Liquid counts "" as true, so
/// <c>{% if person.phone %}</c> would print an empty "Phone:" line.
/// </remarks>
internal abstract class EmailModel
{
    /// <summary>The model type of each kind of email, in the order Templates/README.txt lists them.</summary>
    public static IReadOnlyDictionary<EmailKind, Type> Types { get; } = new Dictionary<EmailKind, Type>
    {
        [EmailKind.Introduction] = typeof(IntroductionModel),
        [EmailKind.SatOut] = typeof(SatOutModel),
        [EmailKind.Unmatched] = typeof(UnmatchedModel),
        [EmailKind.ConfirmSignUp] = typeof(ConfirmSignUpModel),
        [EmailKind.ManageLink] = typeof(ManageLinkModel),
        [EmailKind.OrganiserSignIn] = typeof(OrganiserSignInModel),
        [EmailKind.MatchProblemReported] = typeof(MatchProblemReportedModel),
        [EmailKind.FollowUp] = typeof(FollowUpModel),
        [EmailKind.PausedForSilence] = typeof(PausedForSilenceModel),
    };

    public string SchemeName { get; set; } = "";

    public string OrganiserEmail { get; set; } = "";

    public string RecipientName { get; set; } = "";

    public string ManageUrl { get; set; } = "";

    public string PauseUrl { get; set; } = "";

    public string SkipUrl { get; set; } = "";

    public string UnsubscribeUrl { get; set; } = "";
}

internal sealed class IntroductionModel : EmailModel
{
    public string Month { get; init; } = "";

    public string MeetFrom { get; init; } = "";

    public string MeetBy { get; init; } = "";

    public string ProposedSlot { get; init; } = "";

    public string ArrangerName { get; init; } = "";

    public bool YouArrange { get; init; }

    public string OthersNames { get; init; } = "";

    public IReadOnlyList<PersonModel> Others { get; init; } = [];

    /// <summary>The recipient's own page for saying, privately, that they do not want to meet someone in this group again.</summary>
    public string ReportProblemUrl { get; init; } = "";
}

/// <summary>One of the others in an introduction, with what they chose to share (null when not shared).</summary>
internal sealed class PersonModel(PersonDetails person)
{
    public string Name { get; } = person.Name;

    public string? Organisation { get; } = Shared(person.Organisation);

    public string? Role { get; } = Shared(person.Role);

    public string? Intro { get; } = Shared(person.Intro);

    public string Email { get; } = person.Email;

    public string? Phone { get; } = Shared(person.Phone);

    public string? Video { get; } = Shared(person.Video);

    private static string? Shared(string? detail) => string.IsNullOrEmpty(detail) ? null : detail;
}

internal sealed class SatOutModel : EmailModel
{
    public string Month { get; init; } = "";

    public string Reason { get; init; } = "";
}

internal sealed class UnmatchedModel : EmailModel
{
    public string Month { get; init; } = "";

    public string Reason { get; init; } = "";

    /// <summary>The pairing rules in force, one sentence each.</summary>
    public IReadOnlyList<string> Rules { get; init; } = [];
}

internal sealed class ConfirmSignUpModel : EmailModel
{
    public string ConfirmUrl { get; init; } = "";

    public string ExpiresAt { get; init; } = "";
}

/// <summary>The manage link email: <see cref="EmailModel.ManageUrl"/> is the link the person asked for.</summary>
internal sealed class ManageLinkModel : EmailModel
{
    public string ExpiresAt { get; init; } = "";
}

/// <summary>
/// The sign-in email to an organiser (not a participant: the participant links are empty). The code is
/// written with a space in the middle ("123 456") so that it reads easily.
/// </summary>
internal sealed class OrganiserSignInModel : EmailModel
{
    public string Code { get; init; } = "";

    public string SignInUrl { get; init; } = "";

    public int Minutes { get; init; }
}

/// <summary>
/// To each organiser when a participant reports a problem with their match. It names nobody: who reported
/// whom, and why, is on the exclusions page behind sign-in (docs/adr/0028-exclusions-and-match-reports.md).
/// </summary>
internal sealed class MatchProblemReportedModel : EmailModel
{
    public string Month { get; init; } = "";

    public string ReportsUrl { get; init; } = "";
}

/// <summary>
/// "Did you meet?" about one round, and its one reminder (<see cref="IsReminder"/>). Each answer is a link
/// to a page where the person confirms it. <see cref="PauseWarning"/> is true when not answering this one
/// would pause them; <see cref="SilentRounds"/> is the rule's number of rounds.
/// </summary>
internal sealed class FollowUpModel : EmailModel
{
    public string Month { get; init; } = "";

    public string OthersNames { get; init; } = "";

    public bool IsReminder { get; init; }

    public string MetUrl { get; init; } = "";

    public string NotYetUrl { get; init; } = "";

    public string CouldNotMeetUrl { get; init; } = "";

    public bool PauseWarning { get; init; }

    public int SilentRounds { get; init; }
}

/// <summary>Paused after <see cref="SilentRounds"/> rounds without an answer; <see cref="KeepMeInUrl"/> takes them back at once.</summary>
internal sealed class PausedForSilenceModel : EmailModel
{
    public string Month { get; init; } = "";

    public int SilentRounds { get; init; }

    public string KeepMeInUrl { get; init; } = "";
}
