using System.Text;
using Microsoft.Extensions.Time.Testing;
using Unmentoring.Mail;
using Unmentoring.Rounds;

namespace Unmentoring.Tests.Mail;

public sealed class TemplateEmailComposerTests
{
    private static readonly PersonDetails Ada = MailSamples.Person(1, "Ada Lovelace", "ada@council.example.gov.uk", "Analytical Council", "Head of digital", "I look after our <digital> services & data.", phone: "01632 960001");
    private static readonly PersonDetails Grace = MailSamples.Person(2, "Grace Hopper", "grace@navy.example.org", "Navy Trust", null, "Compilers, mostly.", video: "https://meet.example.org/grace");
    private static readonly PersonDetails Alan = MailSamples.Person(3, "Alan Turing", "alan@bletchley.example.org", null, "Researcher");

    private readonly TemplateEmailComposer _composer = MailSamples.Composer(new FakeTimeProvider(MailSamples.Now));

    [Fact]
    public void Introduction_NamesTheOthersTheArrangerTheMonthThePromptsAndTheRule()
    {
        var email = MailSamples.Introductions(7, [Ada, Grace, Alan], arranger: Grace)[0];

        var message = _composer.Compose(email);

        Assert.Equal("round:7:introduction:1", message.IdempotencyKey);
        Assert.Equal(EmailKind.Introduction, message.Kind);
        Assert.Equal(7, message.RoundId);
        Assert.Equal(1, message.ParticipantId);
        Assert.Equal("ada@council.example.gov.uk", message.RecipientAddress);
        Assert.Equal("Your December 2026 UnMentoring conversation: meet Grace Hopper and Alan Turing", message.Subject);
        foreach (var body in new[] { message.TextBody, message.HtmlBody! })
        {
            Assert.Contains("Grace Hopper", body, StringComparison.Ordinal);
            Assert.Contains("Navy Trust", body, StringComparison.Ordinal);
            Assert.Contains("Compilers, mostly.", body, StringComparison.Ordinal);
            Assert.Contains("https://meet.example.org/grace", body, StringComparison.Ordinal);
            Assert.Contains("Alan Turing", body, StringComparison.Ordinal);
            Assert.Contains("Researcher", body, StringComparison.Ordinal);
            Assert.Contains("alan@bletchley.example.org", body, StringComparison.Ordinal);
            Assert.Contains("Grace Hopper is asked to arrange the call", body, StringComparison.Ordinal);
            Assert.Contains("Tuesday 1 December 2026", body, StringComparison.Ordinal);
            Assert.Contains("Think:", body, StringComparison.Ordinal);
            Assert.Contains("Do:", body, StringComparison.Ordinal);
            Assert.Contains("Share:", body, StringComparison.Ordinal);
            Assert.Contains("No sales pitches", body, StringComparison.Ordinal);
            Assert.Contains(MailSamples.BaseUrl + "/manage/", body, StringComparison.Ordinal);
            Assert.Contains("/pause", body, StringComparison.Ordinal);
            Assert.Contains("/skip", body, StringComparison.Ordinal);
            Assert.Contains(MailSamples.BaseUrl + "/unsubscribe/", body, StringComparison.Ordinal);
            Assert.DoesNotContain("{{", body, StringComparison.Ordinal);
        }

        // Ada is the recipient: her own details are not listed back to her.
        Assert.DoesNotContain("Analytical Council", message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Introduction_ToTheArranger_AsksThemToArrange()
    {
        var email = MailSamples.Introductions(7, [Ada, Grace], arranger: Ada)[0];

        var message = _composer.Compose(email);

        Assert.Contains("You are asked to arrange the call", message.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("is asked to arrange", message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Introduction_Html_IsEncodedAndAccessible()
    {
        var email = MailSamples.Introductions(7, [Grace, Ada], arranger: Grace)[0];

        var html = _composer.Compose(email).HtmlBody!;

        Assert.Contains("I look after our &lt;digital&gt; services &amp; data.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<digital>", html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains("<h1", html, StringComparison.Ordinal);
        Assert.Contains("<h2", html, StringComparison.Ordinal);
        Assert.Contains(">Unsubscribe from UnMentoring</a>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(">here<", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Introduction_PlainText_LeavesNoBlankLinesForMissingDetails()
    {
        var email = MailSamples.Introductions(7, [Ada, Alan], arranger: Ada)[0];

        var text = _composer.Compose(email).TextBody;

        Assert.Contains("Alan Turing\nRole: Researcher\nEmail: alan@bletchley.example.org\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Organisation:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n\n\n\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Introduction_CarriesOneClickUnsubscribeHeaders()
    {
        var message = _composer.Compose(MailSamples.Introductions(7, [Ada, Grace], Ada)[0]);

        Assert.Matches(@"^<https://unmentoring\.example\.org/unsubscribe/[A-Za-z0-9_-]+>, <mailto:organisers@unmentoring\.example\.org\?subject=Unsubscribe%2000000000-0000-0000-0000-000000000001>$", message.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
    }

    [Fact]
    public void Introduction_Calendar_ProposesThirtyMinutesInTheFirstWeekWithEveryMember()
    {
        var group = new[] { Ada, Grace, Alan };
        var first = _composer.Compose(MailSamples.Introductions(7, group, Grace)[0]);
        var second = _composer.Compose(MailSamples.Introductions(7, group, Grace)[1]);

        var attachment = Assert.Single(first.Attachments);
        Assert.Equal("invitation.ics", attachment.FileName);
        Assert.StartsWith("text/calendar", attachment.ContentType, StringComparison.Ordinal);
        var ics = attachment.Content;
        // ADR 0014: Ical.Net writes the calendar's properties in alphabetical order, so VERSION is not second.
        Assert.StartsWith("BEGIN:VCALENDAR\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("\r\nVERSION:2.0\r\n", ics, StringComparison.Ordinal);
        Assert.DoesNotContain("METHOD:", ics, StringComparison.Ordinal);
        Assert.EndsWith("END:VCALENDAR\r\n", ics, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", ics.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.All(ics.Split("\r\n"), line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, line));

        var unfolded = ics.Replace("\r\n ", "", StringComparison.Ordinal);
        // 1 December 2026 is a Tuesday; 10:00 in London in winter is 10:00 UTC.
        Assert.Contains("\r\nDTSTART:20261201T100000Z\r\n", unfolded, StringComparison.Ordinal);
        Assert.Contains("\r\nDTEND:20261201T103000Z\r\n", unfolded, StringComparison.Ordinal);
        // ADR 0014: the scheme organises (it sent the file); the arranger is named in the description.
        Assert.Contains("ORGANIZER;CN=UnMentoring:mailto:organisers@unmentoring.example.org", unfolded, StringComparison.Ordinal);
        Assert.Contains("Grace Hopper is asked to arrange the call", unfolded, StringComparison.Ordinal);
        foreach (var member in group)
        {
            // Ical.Net quotes a parameter only when it must (none of these names holds ; : or ,).
            Assert.Contains($"ATTENDEE;CN={member.Name};CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION:mailto:{member.Email}", unfolded, StringComparison.Ordinal);
        }

        // Everyone's copy is the same event, so a shared calendar keeps one.
        Assert.Equal(Line(unfolded, "UID:"), Line(second.Attachments[0].Content.Replace("\r\n ", "", StringComparison.Ordinal), "UID:"));
    }

    [Theory]
    [InlineData("Ada\r\nBcc: everyone@example.org", "ada@example.org")]
    [InlineData("Ada\nBcc: everyone@example.org", "ada@example.org")]
    [InlineData("Ada", "ada@example.org\r\nBcc: everyone@example.org")]
    [InlineData("Ada\u0000", "ada@example.org")]
    public void AnyEmail_ControlCharactersInNameOrAddress_AreRejected(string name, string address)
    {
        var bad = new PersonDetails(9, "p0009", address, name, null, null, null, null, null);

        Assert.Throws<ArgumentException>(() => _composer.Compose(new SatOutEmail("2026-12", 7, bad, "Odd numbers.")));
        Assert.Throws<ArgumentException>(() => _composer.Compose(MailSamples.Introductions(7, [Ada, bad], Ada)[0]));
        Assert.Throws<ArgumentException>(() => _composer.Compose(new SignUpConfirmationEmail(bad, 3, "https://x.example/confirm", MailSamples.Now.UtcDateTime)));
    }

    [Fact]
    public void SatOut_SaysWhyAndThatTheyGoFirstNextTime()
    {
        var message = _composer.Compose(new SatOutEmail("2026-12", 7, Ada, "There was an odd number of people this month."));

        Assert.Equal("round:7:satOut:1", message.IdempotencyKey);
        Assert.Contains("There was an odd number of people this month.", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("first in line next time", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("December 2026", message.Subject, StringComparison.Ordinal);
        Assert.Contains("List-Unsubscribe", message.Headers.Keys);
    }

    [Fact]
    public void Unmatched_GivesTheReasonAndTheRulesInForce()
    {
        var rules = new SchemeRules { RepeatWindowRounds = 6, AvoidSameOrganisation = true };

        var message = _composer.Compose(new UnmatchedEmail("2026-12", 7, Ada, "Everyone else works at your council.", rules));

        Assert.Equal("round:7:unmatched:1", message.IdempotencyKey);
        Assert.Contains("Everyone else works at your council.", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("- Nobody is paired with someone they met in the last 6 rounds", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("<li>Nobody is paired with someone from their own organisation.</li>", message.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfirmSignUp_HasTheLinkAndWhatHappensNext()
    {
        var message = _composer.Compose(new SignUpConfirmationEmail(Ada, 42, "https://unmentoring.example.org/confirm/abc?x=1&y=2", new DateTime(2026, 12, 7, 9, 0, 0, DateTimeKind.Utc)));

        Assert.Equal("confirm:42", message.IdempotencyKey);
        Assert.Null(message.RoundId);
        Assert.Contains("https://unmentoring.example.org/confirm/abc?x=1&y=2", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("href=\"https://unmentoring.example.org/confirm/abc?x=1&amp;y=2\"", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("What happens next", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("09:00 on Monday 7 December 2026", message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void ManageLink_UsesTheLinkAskedFor()
    {
        var message = _composer.Compose(new ManageLinkEmail(Ada, 43, "https://unmentoring.example.org/manage/token-43", new DateTime(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc)));

        Assert.Equal("manage:43", message.IdempotencyKey);
        Assert.Contains("https://unmentoring.example.org/manage/token-43", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("List-Unsubscribe-Post", message.Headers.Keys);
    }

    private static string Line(string ics, string prefix) => ics.Split("\r\n").Single(l => l.StartsWith(prefix, StringComparison.Ordinal));
}
