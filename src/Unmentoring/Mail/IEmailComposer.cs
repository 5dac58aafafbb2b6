using Unmentoring.Rounds;

namespace Unmentoring.Mail;

/// <summary>What an email may say about a person: what they chose to share with the people they meet.</summary>
internal sealed record PersonDetails(
    long ParticipantId,
    string PublicId,
    string Email,
    string Name,
    string? Organisation,
    string? Role,
    string? Intro,
    string? Phone,
    string? Video)
{
    public static PersonDetails Of(Participants.Participant p) =>
        new(p.Id, p.PublicId, p.Email ?? "", p.Name ?? "", p.Organisation, p.Role, p.Intro, p.Phone, p.Video);
}

/// <summary>One member of a group meets the others; <see cref="Arranger"/> is asked to set up the call.</summary>
internal sealed record IntroductionEmail(
    string Period,
    long RoundId,
    PersonDetails To,
    IReadOnlyList<PersonDetails> Others,
    PersonDetails Arranger,
    DateOnly MeetFrom,
    DateOnly MeetBy);

internal sealed record SatOutEmail(string Period, long RoundId, PersonDetails To, string Reason);

internal sealed record UnmatchedEmail(string Period, long RoundId, PersonDetails To, string Reason, SchemeRules Rules);

internal sealed record SignUpConfirmationEmail(PersonDetails To, long TokenId, string ConfirmUrl, DateTime ExpiresAtUtc);

internal sealed record ManageLinkEmail(PersonDetails To, long TokenId, string ManageUrl, DateTime ExpiresAtUtc);

/// <summary>An organiser's sign-in code and link (docs/adr/0025-organiser-sign-in.md).</summary>
internal sealed record OrganiserSignInEmail(long CodeId, string Email, string Name, string Code, string SignInUrl, TimeSpan Lifetime);

/// <summary>Tells one organiser that a participant reported a problem with their match after a round (docs/adr/0028).</summary>
internal sealed record MatchProblemReportedEmail(long ReportId, string Email, string Name, string Period);

/// <summary>
/// "Did you meet?" about a round, or its reminder; <paramref name="PauseAfter"/> is the rule's number of silent
/// rounds when not answering this one would pause the person, otherwise null.
/// </summary>
internal sealed record FollowUpEmail(string Period, long RoundId, PersonDetails To, IReadOnlyList<PersonDetails> Others, bool Reminder, int? PauseAfter);

/// <summary>Paused for silence when the <paramref name="Period"/> round was planned, after <paramref name="SilentRounds"/> unanswered rounds.</summary>
internal sealed record PausedForSilenceEmail(string Period, long RoundId, PersonDetails To, int SilentRounds, bool Held);

/// <summary>
/// Turns what happened into a rendered <see cref="OutboxMessage"/>: subject, plain text and HTML from the
/// organisers' templates, the headers every participant email carries (List-Unsubscribe and friends),
/// and attachments such as the introduction's .ics. Pure: no I/O, safe to call inside a transaction.
/// </summary>
internal interface IEmailComposer
{
    OutboxMessage Compose(IntroductionEmail email);

    OutboxMessage Compose(SatOutEmail email);

    OutboxMessage Compose(UnmatchedEmail email);

    OutboxMessage Compose(SignUpConfirmationEmail email);

    OutboxMessage Compose(ManageLinkEmail email);

    OutboxMessage Compose(OrganiserSignInEmail email);

    OutboxMessage Compose(MatchProblemReportedEmail email);

    OutboxMessage Compose(FollowUpEmail email);

    OutboxMessage Compose(PausedForSilenceEmail email);
}
