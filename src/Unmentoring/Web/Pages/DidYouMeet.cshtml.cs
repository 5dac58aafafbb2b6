using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Unmentoring.Feedback;
using Unmentoring.Hosting;
using Unmentoring.Participants;
using Unmentoring.Rounds;
using Unmentoring.Storage;

namespace Unmentoring.Web.Pages;

/// <summary>
/// The answer to "did you meet?" for one round, from a link in the email. The GET only shows the question
/// with the linked answer selected (mail scanners open every link); Confirm posts it. An answer can be
/// changed until the round closes, when the next round is planned. The signed token names the person and
/// the round; anything else in the path only preselects a choice.
/// </summary>
internal sealed class DidYouMeetModel(ParticipantLinks links, ParticipantStore participants, RoundStore rounds, FeedbackStore feedback, TimeProvider time) : PageModel
{
    [FromRoute(Name = "token")]
    public string Token { get; set; } = "";

    [FromRoute(Name = "choice")]
    public string? Choice { get; set; }

    [BindProperty(Name = "answer")]
    public string? Answer { get; set; }

    [BindProperty(Name = "reason")]
    public string? Reason { get; set; }

    [BindProperty(Name = "other-reason")]
    public string? OtherReason { get; set; }

    internal FormErrors Errors { get; } = new();

    public string MonthName { get; private set; } = "";

    public string OthersNames { get; private set; } = "";

    /// <summary>A later round has been planned: the answer can no longer change.</summary>
    public bool Closed { get; private set; }

    /// <summary>The answer was just recorded.</summary>
    public bool Recorded { get; private set; }

    internal StoredAnswer? Existing { get; private set; }

    private Participant _participant = null!;
    private long _roundId;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotValid();
        }

        Answer = FeedbackCodes.TryParseAnswer(Choice, out var chosen) ? chosen.ToCode() : Existing?.Answer.ToCode();
        Reason = Existing?.Reason?.ToCode();
        OtherReason = Existing?.OtherReason;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotValid();
        }

        if (Closed)
        {
            return Page();
        }

        OtherReason = string.IsNullOrWhiteSpace(OtherReason) ? null : OtherReason.Trim();
        CouldNotMeetReason? reason = null;
        if (!FeedbackCodes.TryParseAnswer(Answer, out var answer))
        {
            Errors.Add("answer", "Select whether you met");
        }
        else if (answer == FeedbackAnswer.CouldNotMeet)
        {
            if (!FeedbackCodes.TryParseReason(Reason, out var why))
            {
                Errors.Add("reason", "Select why you couldn't meet");
            }
            else
            {
                reason = why;
            }

            if (reason == CouldNotMeetReason.Other && OtherReason is { Length: > FeedbackCodes.LongestOtherReason })
            {
                Errors.Add("other-reason", $"Your reason must be {FeedbackCodes.LongestOtherReason} characters or fewer");
            }
            else if (OtherReason is not null && OtherReason.Any(char.IsControl))
            {
                Errors.Add("other-reason", "Your reason must be one line of text");
            }
        }

        if (Errors.Any)
        {
            ViewData["HasErrors"] = true;
            return Page();
        }

        var words = reason == CouldNotMeetReason.Other ? OtherReason : null;
        if (!await feedback.RecordAnswerAsync(_roundId, _participant.Id, answer, reason, words, time.StorageNow(), cancellationToken))
        {
            Closed = true;
            return Page();
        }

        UnmentoringTelemetry.FeedbackAnswered();
        Existing = new StoredAnswer(answer, reason, words, time.StorageNow());
        Recorded = true;
        return Page();
    }

    /// <summary>Reads the link: false when it is not ours, has expired, or names someone who was not in the round.</summary>
    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        if (Token.Length > 1000 || !links.TryReadFeedbackToken(Token, out var publicId, out var roundId)
            || await participants.FindByPublicIdAsync(publicId, cancellationToken) is not { } participant
            || await rounds.FindByIdAsync(roundId, cancellationToken) is not { } round
            || !await feedback.IsMemberAsync(roundId, participant.Id, cancellationToken))
        {
            return false;
        }

        _participant = participant;
        _roundId = roundId;
        MonthName = round.Period.MonthName;
        Closed = (await feedback.OpenRoundAsync(null, cancellationToken))?.Id != roundId;
        Existing = await feedback.AnswerAsync(roundId, participant.Id, cancellationToken);
        var groupmates = await feedback.GroupmatesAsync(roundId, null, cancellationToken);
        var others = await participants.FindManyAsync(groupmates.GetValueOrDefault(participant.Id) ?? [], cancellationToken);
        OthersNames = Mail.NameList.Of(others.Select(Mail.PersonDetails.Of).Select(p => p.Name.Length == 0 ? p with { Name = "someone who has since left" } : p).ToList());
        return true;
    }

    private ViewResult NotValid() => new() { ViewName = "LinkNotValid", StatusCode = StatusCodes.Status404NotFound };
}
