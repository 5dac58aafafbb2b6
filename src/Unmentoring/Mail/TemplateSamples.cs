using Microsoft.Extensions.Options;
using Unmentoring.Hosting;
using Unmentoring.Organisers;
using Unmentoring.Rounds;

namespace Unmentoring.Mail;

/// <summary>
/// Every kind of email written by the real composer (<see cref="IEmailComposer"/>, so the configured
/// templates) from made-up people and links, for the organisers' templates page and its "send a test to
/// myself". The recipient is the organiser looking; the others are invented. Links in a sample go to the
/// real pages but carry no valid token, so following one says the link is not valid.
/// </summary>
internal sealed class TemplateSamples(IEmailComposer composer, IOptions<UnmentoringOptions> scheme, TimeProvider time)
{
    /// <summary>Not a participant's: a fixed id, so every sample signs the same (invalid) links.</summary>
    private const string SamplePublicId = "00000000-0000-4000-8000-000000000001";

    private const long SampleId = 0;

    private static readonly PersonDetails Priya = new(SampleId, SamplePublicId, "priya.shah@leeds.example.gov.uk", "Priya Shah", "Leeds City Council", "Service designer",
        "I redesign council tax forms. Happy to talk about research with people who find forms hard.", "0113 496 0000", null);

    private static readonly PersonDetails Tom = new(SampleId, SamplePublicId, "tom.okafor@bristol.example.gov.uk", "Tom Okafor", "Bristol City Council", "Data analyst",
        null, null, "tom.okafor on Teams");

    /// <summary>Whether the service can show and send a sample of this kind (a kind with no templates yet has none).</summary>
    public static bool HasSample(EmailKind kind) => kind is EmailKind.Introduction or EmailKind.SatOut or EmailKind.Unmatched
        or EmailKind.ConfirmSignUp or EmailKind.ManageLink or EmailKind.OrganiserSignIn or EmailKind.MatchProblemReported
        or EmailKind.FollowUp or EmailKind.PausedForSilence;

    /// <summary>What the email of <paramref name="kind"/> would be to <paramref name="email"/>; null for a kind with no sample.</summary>
    public OutboxMessage? Compose(EmailKind kind, string email, string? name)
    {
        var to = new PersonDetails(SampleId, SamplePublicId, email, string.IsNullOrWhiteSpace(name) ? email : name, "Example Council", "Organiser", null, null, null);
        var next = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddMonths(1);
        var meetFrom = new DateOnly(next.Year, next.Month, 1);
        var period = Period.Of(meetFrom).ToString();
        var site = scheme.Value.PublicBaseUrl.TrimEnd('/');
        var expires = time.GetUtcNow().UtcDateTime.AddDays(7);
        return kind switch
        {
            EmailKind.Introduction => composer.Compose(new IntroductionEmail(period, SampleId, to, [Priya, Tom], Priya, meetFrom, meetFrom.AddMonths(1).AddDays(-1))),
            EmailKind.SatOut => composer.Compose(new SatOutEmail(period, SampleId, to, "There was an odd number of people this round, and you had sat out least recently.")),
            EmailKind.Unmatched => composer.Compose(new UnmatchedEmail(period, SampleId, to, "Everyone you could meet this round you have met in the last 12 rounds.", new SchemeRules())),
            EmailKind.ConfirmSignUp => composer.Compose(new SignUpConfirmationEmail(to, SampleId, $"{site}/confirm/sample", expires)),
            EmailKind.ManageLink => composer.Compose(new ManageLinkEmail(to, SampleId, $"{site}/manage/sample", expires)),
            EmailKind.OrganiserSignIn => composer.Compose(new OrganiserSignInEmail(SampleId, email, to.Name, "123456", $"{site}{OrganiserSignIn.LinkPath}sample", OrganiserSignIn.Lifetime)),
            EmailKind.MatchProblemReported => composer.Compose(new MatchProblemReportedEmail(SampleId, email, to.Name, period)),
            EmailKind.FollowUp => composer.Compose(new FollowUpEmail(period, SampleId, to, [Priya, Tom], Reminder: false, PauseAfter: null)),
            EmailKind.PausedForSilence => composer.Compose(new PausedForSilenceEmail(period, SampleId, to, SilentRounds: 3, Held: false)),
            _ => null,
        };
    }
}
