using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Unmentoring.Mail;
using Unmentoring.Rounds;

namespace Unmentoring.Tests.Mail;

/// <summary>
/// Pins every byte the composer writes (subject, bodies, headers, .ics) for fixed inputs, so that work on
/// how emails are rendered cannot change what people receive. The expected text was captured from the
/// composer before its rendering was rewritten for speed (see ComposerSnapshots.cs), and is kept as it was
/// captured: the move to Fluid (docs/adr/0013) changes only how values are escaped in the HTML, which
/// <see cref="EscapedAsAdr0013"/> applies to it, and the specifications below show that is all it changes.
/// Signed link tokens differ on every run, so they are replaced by TOKEN before comparing.
/// </summary>
public sealed partial class ComposerSnapshotTests
{
    private static readonly PersonDetails Ada = Person(1, "Ada Lovelace", "ada@council.example.gov.uk", "Analytical Council", "Head of digital", "I look after our <digital> services & data.", phone: "01632 960001");
    private static readonly PersonDetails Grace = Person(2, "Grace Hopper", "grace@navy.example.org", "Navy Trust", null, "Compilers, mostly.", video: "https://meet.example.org/grace?room=1&pin=2");
    private static readonly PersonDetails Alan = Person(3, "Alan Turing", "alan@bletchley.example.org", null, "Researcher");

    /// <summary>Everything an encoder or escaper could get wrong: quotes, separators, markup, accents, an emoji, braces.</summary>
    private static readonly PersonDetails Zoe = Person(
        14,
        "Zoë \"Zed\" O'Brien; Smith, Jr \\ 😀 <b>&amp;",
        "zoe.obrien@kensington-and-chelsea.example.gov.uk",
        "Royal Borough of Kensington and Chelsea – Digital, Data & Technology Directorate (Ünïcödé ÀÉÎÕÜ ñ ß)",
        "Lead ‘user researcher’ & café owner",
        "Line one\r\nLine two {{name}} {{#others}} ¡¿ £5 © ±\tend",
        phone: "+44 (0)20 7946 0000",
        video: "https://teams.example/l/meetup-join/19%3ameeting?context=%7b%22Tid%22%7d&x=\"y\"");

    private static readonly PersonDetails Bare = new(250, "00000000-0000-4000-8000-000000000250", "bare@example.org", "Bo", null, null, null, null, null);

    private static readonly PersonDetails Long = Person(
        99,
        "Maximilian Alexander Bartholomew Fitzgerald-Worthington-Smythe the Third of Somewhere Quite Far Away",
        "max@a-very-long-domain-name-for-a-council.example.gov.uk",
        "A" + new string('é', 40),
        "Ω" + new string('x', 80));

    private static IReadOnlyDictionary<string, Func<TemplateEmailComposer, OutboxMessage>> Cases { get; } = new Dictionary<string, Func<TemplateEmailComposer, OutboxMessage>>
    {
        ["trio-to-ada-grace-arranges"] = c => c.Compose(MailSamples.Introductions(7, [Ada, Grace, Alan], Grace)[0]),
        ["trio-to-grace-who-arranges"] = c => c.Compose(MailSamples.Introductions(7, [Ada, Grace, Alan], Grace)[1]),
        ["pair-to-alan"] = c => c.Compose(MailSamples.Introductions(8, [Alan, Ada], Ada)[0]),
        ["awkward-characters"] = c => c.Compose(new IntroductionEmail("2027-06", 12, Ada, [Zoe, Bare, Long], Zoe, new DateOnly(2027, 6, 5), new DateOnly(2027, 6, 30))),
        ["awkward-recipient"] = c => c.Compose(new IntroductionEmail("Spring 2027", 123456789012, Zoe, [Long], Long, new DateOnly(2027, 3, 28), new DateOnly(2027, 4, 20))),
        ["bare-four"] = c => c.Compose(new IntroductionEmail("2027-10", 3, Bare, [Alan, Grace, Ada], Bare, new DateOnly(2027, 10, 28), new DateOnly(2027, 11, 20))),
        ["no-others"] = c => c.Compose(new IntroductionEmail("2027-01", 4, Ada, [], Ada, new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 31))),
        ["sat-out"] = c => c.Compose(new SatOutEmail("2026-12", 7, Zoe, "There was an odd number of people & <you> went last.")),
        ["unmatched-defaults"] = c => c.Compose(new UnmatchedEmail("2026-12", 7, Ada, "Everyone else works at your council.", new SchemeRules())),
        ["unmatched-other-rules"] = c => c.Compose(new UnmatchedEmail("2027-02", 9, Zoe, "No one left.", new SchemeRules { RepeatWindowRounds = 0, AvoidSameOrganisation = false, OddPolicy = "sitOut", RelaxRepeats = false })),
        ["unmatched-no-relax"] = c => c.Compose(new UnmatchedEmail("bad", 9, Bare, "", new SchemeRules { RepeatWindowRounds = 3, RelaxRepeats = false })),
        ["confirm"] = c => c.Compose(new SignUpConfirmationEmail(Zoe, 42, "https://unmentoring.example.org/confirm/abc?x=1&y=2", new DateTime(2027, 7, 7, 23, 30, 0, DateTimeKind.Utc))),
        ["manage"] = c => c.Compose(new ManageLinkEmail(Ada, 43, "https://unmentoring.example.org/manage/token-43", new DateTime(2026, 12, 1, 9, 0, 0, DateTimeKind.Unspecified))),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Compose_WritesExactlyWhatItWroteBefore(string name)
    {
        var composer = MailSamples.Composer(new FakeTimeProvider(MailSamples.Now));

        var actual = Describe(Cases[name](composer));

        var dump = Environment.GetEnvironmentVariable("UNMENTORING_SNAPSHOT_DUMP");
        if (dump is not null)
        {
            File.WriteAllText(Path.Combine(dump, name + ".txt"), actual, new UTF8Encoding(false));
        }

        Assert.Equal(EscapedAsAdr0013(ComposerSnapshots.Expected[name]), actual);
    }

    /// <summary>What a browser shows is the same as before: the HTML differs only in how characters are written.</summary>
    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Compose_Html_ReadsAsItDidBefore(string name)
    {
        var composer = MailSamples.Composer(new FakeTimeProvider(MailSamples.Now));

        var actual = Describe(Cases[name](composer));

        var (before, beforeRest) = SplitHtml(ComposerSnapshots.Expected[name]);
        var (after, afterRest) = SplitHtml(actual);
        Assert.Equal(beforeRest, afterRest);
        Assert.Equal(WebUtility.HtmlDecode(before), WebUtility.HtmlDecode(after));
    }

    /// <summary>
    /// <see cref="EscapedAsAdr0013"/> rewrites characters that only values can put in the HTML: the shipped
    /// HTML templates have no tab, carriage return, plus sign or character reference of their own.
    /// </summary>
    [Fact]
    public void EscapedAsAdr0013_RewritesOnlyWhatValuesWrite()
    {
        foreach (var file in Directory.GetFiles(EmailTemplates.DefaultDirectory, "*.html"))
        {
            var text = File.ReadAllText(file);
            Assert.True(text.AsSpan().IndexOfAny("\t\r+") < 0, file);
            Assert.DoesNotContain("&#", text, StringComparison.Ordinal);
        }

        foreach (var snapshot in ComposerSnapshots.Expected.Values)
        {
            var (html, rest) = SplitHtml(snapshot);
            var (rewritten, restAfter) = SplitHtml(EscapedAsAdr0013(snapshot));
            Assert.Equal(rest, restAfter);
            Assert.Equal(WebUtility.HtmlDecode(html), WebUtility.HtmlDecode(rewritten));
        }
    }

    /// <summary>
    /// The captured HTML with values escaped by the framework's encoder instead of WebUtility, as ADR 0013
    /// lists: ' as &amp;#x27;, + as &amp;#x2B;, tab and line breaks in a value as references, Latin-1 letters as
    /// they are, and references in hexadecimal. Only the HTML part changes.
    /// </summary>
    internal static string EscapedAsAdr0013(string snapshot)
    {
        var (html, _) = SplitHtml(snapshot);
        var rewritten = Reference().Replace(html, match =>
        {
            var code = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            return code is >= 0xA1 and <= 0xFF ? ((char)code).ToString() : $"&#x{code:X};";
        });
        rewritten = rewritten
            .Replace("\r\n", "&#xD;&#xA;", StringComparison.Ordinal)
            .Replace("\r", "&#xD;", StringComparison.Ordinal)
            .Replace("\t", "&#x9;", StringComparison.Ordinal)
            .Replace("+", "&#x2B;", StringComparison.Ordinal);
        var start = snapshot.IndexOf(HtmlMarker, StringComparison.Ordinal) + HtmlMarker.Length;
        return string.Concat(snapshot.AsSpan(0, start), rewritten, snapshot.AsSpan(start + html.Length));
    }

    private const string HtmlMarker = "\n--- html ---\n";

    /// <summary>The HTML body of a described message, and everything else (with the HTML's place marked).</summary>
    private static (string Html, string Around) SplitHtml(string described)
    {
        var start = described.IndexOf(HtmlMarker, StringComparison.Ordinal) + HtmlMarker.Length;
        var end = described.IndexOf("\n--- attachment ", start, StringComparison.Ordinal);
        end = end < 0 ? described.Length : end;
        return (described[start..end], string.Concat(described.AsSpan(0, start), "(html)", described.AsSpan(end)));
    }

    [GeneratedRegex("&#([0-9]+);")]
    private static partial Regex Reference();

    [Fact]
    public void Compose_InParallel_GivesTheSameEmailsAsOneAtATime()
    {
        var composer = MailSamples.Composer(new FakeTimeProvider(MailSamples.Now));
        var names = Cases.Keys.ToArray();
        var expected = names.Select(n => Describe(Cases[n](composer))).ToArray();

        var results = new string[names.Length * 40];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => results[i] = Describe(Cases[names[i % names.Length]](composer)));

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(expected[i % names.Length], results[i]);
        }
    }

    /// <summary>A person with a fixed GUID public id (it appears in the mailto unsubscribe header).</summary>
    private static PersonDetails Person(long id, string name, string email, string? organisation = "Example Council", string? role = "Service designer", string? intro = null, string? phone = null, string? video = null) =>
        new(id, $"00000000-0000-4000-8000-{id:D12}", email, name, organisation, role, intro, phone, video);

    /// <summary>Every field of the message, with link tokens (random per run) replaced by TOKEN.</summary>
    internal static string Describe(OutboxMessage message)
    {
        var output = new StringBuilder();
        output.Append("IdempotencyKey: ").Append(message.IdempotencyKey).Append('\n');
        output.Append("Kind: ").Append(message.Kind).Append('\n');
        output.Append("RoundId: ").Append(message.RoundId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null").Append('\n');
        output.Append("ParticipantId: ").Append(message.ParticipantId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null").Append('\n');
        output.Append("RecipientAddress: ").Append(message.RecipientAddress).Append('\n');
        output.Append("RecipientName: ").Append(message.RecipientName).Append('\n');
        output.Append("Held: ").Append(message.Held).Append('\n');
        output.Append("Subject: ").Append(message.Subject).Append('\n');
        foreach (var (key, value) in message.Headers)
        {
            output.Append("Header ").Append(key).Append(": ").Append(value).Append('\n');
        }

        output.Append("--- text ---\n").Append(message.TextBody).Append("\n--- html ---\n").Append(message.HtmlBody ?? "(none)").Append('\n');
        foreach (var attachment in message.Attachments)
        {
            output.Append("--- attachment ").Append(attachment.FileName).Append(" (").Append(attachment.ContentType).Append(") ---\n").Append(attachment.Content).Append('\n');
        }

        return Token().Replace(output.ToString(), "$1TOKEN");
    }

    [GeneratedRegex(@"(https://unmentoring\.example\.org/(?:manage|unsubscribe|report)/)[A-Za-z0-9_\-.~%]+")]
    private static partial Regex Token();
}
