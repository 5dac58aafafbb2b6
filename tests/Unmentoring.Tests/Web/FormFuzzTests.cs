using System.Net;
using System.Text;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;

namespace Unmentoring.Tests.Web;

/// <summary>
/// Thousands of generated submissions (long, empty, unicode, markup, CR/LF, SQL, control characters,
/// missing and repeated fields): each gets a page with errors or a success, never a server error, and
/// nothing they contain ever becomes markup or script in the page that answers.
/// </summary>
public sealed class FormFuzzTests
{
    private const int Submissions = 2500;

    private const int SubmissionsSentAtOnce = 400;

    private static readonly string[] Fields = ["name", "email", "organisation", "role", "phone", "video", "intro", "cadence", "consent", "conduct"];

    private static readonly string[] Nasty =
    [
        "",
        " ",
        "\t\r\n",
        "<script>alert('owned')</script>",
        "\"><img src=x onerror=alert(1)>",
        "</textarea><script src=//evil.example/x.js></script>",
        "javascript:alert(1)",
        "'; DROP TABLE participants; --",
        "' OR '1'='1",
        "Robert'); DELETE FROM tokens; --",
        "Ada\r\nBcc: victim@example.org",
        "Ada\nSubject: spam",
        "\0",
        "\u0007\u001b[31m",
        "\u2028line\u2029para",
        "\u202Eevil\u202C",
        "\u200B\u200D\uFEFF",
        "Zoë Ødegård-Łukasz",
        "山田太郎",
        "مرحبا",
        "😀🎉👩‍💻",
        "e\u0301\u0302\u0303\u0304",
        "{{recipientName}}",
        "%0d%0aBcc:%20x@y.z",
        "ada@example.org",
        "ADA@EXAMPLE.ORG",
        "a@b.c",
        "a@b",
        "@example.org",
        "ada@@example.org",
        "ada@exa mple.org",
        "ada@example.org\r\nBcc: x@y.z",
        "\"ada\"@example.org",
        "monthly",
        "2-monthly",
        "quarterly",
        "yes",
        "01632 960 001",
        "+44 (0)808 157 0192",
    ];

    [Fact]
    public async Task SignUpAndManageLink_GeneratedSubmissions_NeverFailAndNeverRunWhatWasSent()
    {
        await using var app = await WebApp.StartAsync();
        var random = new Random(20261128);
        var (_, signUpForm) = await app.GetAsync("/sign-up");
        var (_, linkForm) = await app.GetAsync("/manage-link");
        var antiforgery = ((IHtmlInputElement)signUpForm.QuerySelector("input[name=__RequestVerificationToken]")!).Value;
        var shown = ((IHtmlInputElement)signUpForm.QuerySelector("input[name=shown]")!).Value;
        app.Time.Advance(TimeSpan.FromMinutes(1));
        var outcomes = new Dictionary<HttpStatusCode, int>();

        for (var i = 0; i < Submissions; i++)
        {
            var signUp = random.Next(5) > 0;
            var fields = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", antiforgery) };
            if (signUp)
            {
                fields.Add(new("shown", shown));
                fields.AddRange(SignUpFields(random));
            }
            else
            {
                fields.Add(new("email", Generate(random, "email", random.Next(1, 10))));
            }

            var response = await app.Client.PostAsync(signUp ? "/sign-up" : "/manage-link", new FormUrlEncodedContent(fields));
            outcomes[response.StatusCode] = outcomes.GetValueOrDefault(response.StatusCode) + 1;
            var html = await response.Content.ReadAsStringAsync();

            Assert.True((int)response.StatusCode < 500, $"Submission {i} got {(int)response.StatusCode}: {Describe(fields)}; logged: {string.Join(" | ", app.Errors.Entries.Where(e => e.StartsWith("Error", StringComparison.Ordinal) || e.StartsWith("Critical", StringComparison.Ordinal)))}");
            Assert.True(
                response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.BadRequest,
                $"Submission {i} got {(int)response.StatusCode}");
            if (html.Length > 0)
            {
                AssertNothingExecutable(await WebApp.ParseAsync(response), i);
            }
        }

        // What was stored is shown back on the manage pages as text, never as markup.
        var links = app.Services.GetRequiredService<Unmentoring.Participants.ParticipantLinks>();
        foreach (var participant in (await app.Services.GetRequiredService<Unmentoring.Participants.ParticipantStore>().ListAsync()).Take(40))
        {
            foreach (var section in new[] { "", "/details" })
            {
                var (manage, page) = await app.GetAsync(new Uri(links.ManageUrl(participant.PublicId)).PathAndQuery + section);
                Assert.Equal(HttpStatusCode.OK, manage.StatusCode);
                AssertNothingExecutable(page, -1);
            }
        }

        // Both kinds of answer really happened, and the tables are all still there.
        Assert.True(outcomes.GetValueOrDefault(HttpStatusCode.OK) > 100, string.Join(", ", outcomes));
        Assert.True(outcomes.GetValueOrDefault(HttpStatusCode.Redirect) > 10, string.Join(", ", outcomes));
        Assert.True(await app.CountAsync("SELECT count(*) FROM participants") > 0);
        Assert.True(await app.CountAsync("SELECT count(*) FROM tokens") > 0);
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM participants WHERE name LIKE '%' || char(10) || '%' OR email LIKE '%' || char(13) || '%'"));
    }

    /// <summary>
    /// Sent back in the same instant the form was shown: every answer is the form again (with errors, or asking
    /// to send it once more), never "check your email" with no email; and a form shown again to be sent once
    /// more, sent back as it came, is accepted and its email is on its way (issue 11, ADR 0018).
    /// </summary>
    [Fact]
    public async Task SignUp_GeneratedSubmissionsSentAtOnce_NeverSayCheckYourEmailWithoutAnEmail()
    {
        await using var app = await WebApp.StartAsync();
        var random = new Random(20261205);
        var (_, form) = await app.GetAsync("/sign-up");
        var antiforgery = ((IHtmlInputElement)form.QuerySelector("input[name=__RequestVerificationToken]")!).Value;
        var shown = ((IHtmlInputElement)form.QuerySelector("input[name=shown]")!).Value;
        var (withErrors, askedAgain) = (0, 0);

        for (var i = 0; i < SubmissionsSentAtOnce; i++)
        {
            var fields = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", antiforgery), new("shown", shown) };
            fields.AddRange(SignUpFields(random));

            var response = await app.Client.PostAsync("/sign-up", new FormUrlEncodedContent(fields));

            Assert.True(
                response.StatusCode is HttpStatusCode.OK or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.BadRequest,
                $"Submission {i} got {(int)response.StatusCode}: {Describe(fields)}");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                continue;
            }

            var page = await WebApp.ParseAsync(response);
            var links = page.QuerySelectorAll(".govuk-error-summary__list a").Select(a => a.GetAttribute("href")).ToList();
            Assert.NotEmpty(links);
            if (links is not ["#send"])
            {
                Assert.DoesNotContain("#send", links);
                withErrors++;
                continue;
            }

            askedAgain++;
            var emailsBefore = await app.CountAsync("SELECT count(*) FROM outbox_messages");
            var (again, _) = await app.SubmitAsync(page, []);
            Assert.True(again.StatusCode == HttpStatusCode.Redirect, $"Submission {i}, sent again as it came back, got {(int)again.StatusCode}: {Describe(fields)}");
            Assert.Equal(emailsBefore + 1, await app.CountAsync("SELECT count(*) FROM outbox_messages"));
        }

        Assert.True(withErrors > 50 && askedAgain > 20, $"{withErrors} with errors, {askedAgain} asked again");
        Assert.Equal(askedAgain, await app.CountAsync("SELECT count(*) FROM outbox_messages"));
    }

    /// <summary>A sign-up's fields; a third are plausible but for one field, so that odd values also reach the database and the emails.</summary>
    private static List<KeyValuePair<string, string>> SignUpFields(Random random)
    {
        var fields = new List<KeyValuePair<string, string>>();
        var onlyOddField = random.Next(3) == 0 ? Fields[random.Next(Fields.Length)] : null;
        foreach (var field in Fields)
        {
            var choice = onlyOddField is null ? random.Next(10) : field == onlyOddField ? random.Next(1, 5) : 6;
            if (choice == 0)
            {
                continue;
            }

            fields.Add(new(field, Generate(random, field, choice)));
            if (choice == 9)
            {
                fields.Add(new(field, Generate(random, field, random.Next(1, 9))));
            }
        }

        return fields;
    }

    private static string Generate(Random random, string field, int choice) => choice switch
    {
        1 => Nasty[random.Next(Nasty.Length)],
        2 => new string((char)random.Next(0x20, 0x7f), random.Next(0, 600)),
        3 => RandomUnicode(random, random.Next(0, 80)),
        4 => Nasty[random.Next(Nasty.Length)] + Nasty[random.Next(Nasty.Length)],
        5 => new string('x', random.Next(90, 3000)),
        _ => Plausible(random, field),
    };

    private static string Plausible(Random random, string field) => field switch
    {
        "email" => $"person{random.Next(100000)}@{(random.Next(3) == 0 ? "gmail.com" : "council" + random.Next(50) + ".gov.uk")}",
        "cadence" => new[] { "monthly", "2-monthly", "quarterly" }[random.Next(3)],
        "consent" or "conduct" => "yes",
        "phone" => random.Next(2) == 0 ? "" : "0113 496 0" + random.Next(100, 999),
        "intro" => "I work on " + Nasty[random.Next(Nasty.Length)],
        _ => "Person " + Nasty[random.Next(Nasty.Length)],
    };

    private static string RandomUnicode(Random random, int length)
    {
        var builder = new StringBuilder();
        while (builder.Length < length)
        {
            var codePoint = random.Next(0, 0x10FFFF);
            if (codePoint is >= 0xD800 and <= 0xDFFF)
            {
                continue;
            }

            builder.Append(char.ConvertFromUtf32(codePoint));
        }

        return builder.ToString();
    }

    private static void AssertNothingExecutable(IHtmlDocument page, int submission)
    {
        var scripts = page.Scripts.Select(s => s.Source).ToList();
        Assert.True(scripts.SequenceEqual(["/js/app.mjs"]), $"Submission {submission}: scripts {string.Join(", ", scripts)}");
        foreach (var element in page.All)
        {
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"Submission {submission}: <{element.LocalName} {attribute.Name}>");
                if (attribute.Name is "href" or "src" or "action" or "formaction")
                {
                    Assert.False(attribute.Value.TrimStart().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase), $"Submission {submission}: {attribute.Name}={attribute.Value}");
                }
            }
        }

        Assert.Empty(page.QuerySelectorAll("img, iframe, object, embed"));
    }

    private static string Describe(IEnumerable<KeyValuePair<string, string>> fields) =>
        string.Join(" & ", fields.Where(f => f.Key != "__RequestVerificationToken" && f.Key != "shown").Select(f => $"{f.Key}={Uri.EscapeDataString(f.Value.Length > 80 ? f.Value[..80] : f.Value)}"));
}
