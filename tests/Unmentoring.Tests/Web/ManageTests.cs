using System.Net;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using Unmentoring.Mail;
using Unmentoring.Participants;
using Unmentoring.Storage;
using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Web;

/// <summary>Manage my participation, from the signed link: each change, its confirmation step, and the messages when something is wrong.</summary>
public sealed class ManageTests
{
    [Fact]
    public async Task Manage_TamperedOrExpiredLink_OffersANewLinkAndShowsNothing()
    {
        await using var app = await WebApp.StartAsync();
        var manage = await Journeys.SignUpAndConfirmAsync(app, "ada@leeds.gov.uk");

        var (tampered, page) = await app.GetAsync(manage + "x");
        Assert.Equal(HttpStatusCode.NotFound, tampered.StatusCode);
        Assert.Equal("This link is not valid", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.DoesNotContain("Ada", page.Body!.TextContent, StringComparison.Ordinal);

        app.Time.Advance(ParticipantLinks.LinkLifetime + TimeSpan.FromDays(1));
        var (expired, _) = await app.GetAsync(manage);
        Assert.Equal(HttpStatusCode.NotFound, expired.StatusCode);
    }

    [Fact]
    public async Task Pause_ValidDate_PausesUntilThenAndResumeEndsIt()
    {
        await using var app = await WebApp.StartAsync();
        var manage = await Journeys.SignUpAndConfirmAsync(app, "ada@leeds.gov.uk");
        var (_, form) = await app.GetAsync(manage + "/pause");

        var (response, _) = await app.SubmitAsync(form, [new("pause-day", "1"), new("pause-month", "2"), new("pause-year", "2027")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(manage + "?done=pause", response.Headers.Location!.OriginalString);
        var paused = await Journeys.ParticipantAsync(app, "ada@leeds.gov.uk");
        Assert.Equal(ParticipantStatus.Paused, paused.Status);
        Assert.Equal(new DateOnly(2027, 2, 1), paused.PausedUntil);
        var (_, home) = await app.GetAsync(manage + "?done=pause");
        Assert.Contains("Your pause has been saved", home.QuerySelector(".govuk-notification-banner")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("paused until 1 February 2027", home.QuerySelector("main")!.TextContent, StringComparison.Ordinal);

        var (_, again) = await app.GetAsync(manage + "/pause");
        Assert.Equal("2027", ((IHtmlInputElement)again.GetElementById("pause-year")!).Value);
        await app.SubmitAsync(again, [], "form[action*='handler=Resume']");
        Assert.Equal(ParticipantStatus.Active, (await Journeys.ParticipantAsync(app, "ada@leeds.gov.uk")).Status);
    }

    [Theory]
    [InlineData("", "", "", "Enter the date your pause ends", "pause-day")]
    [InlineData("1", "", "2027", "The date your pause ends must include a month", "pause-month")]
    [InlineData("31", "2", "2027", "The date your pause ends must be a real date, like 27 3 2027", "pause-day")]
    [InlineData("x", "y", "zzzz", "The date your pause ends must be a real date, like 27 3 2027", "pause-day")]
    [InlineData("27", "11", "2026", "The date your pause ends must be in the future", "pause-day")]
    [InlineData("1", "1", "2028", "The date your pause ends must be within the next 12 months", "pause-day")]
    public async Task Pause_BadDate_SaysWhatToDoAndKeepsTheInput(string day, string month, string year, string message, string field)
    {
        await using var app = await WebApp.StartAsync();
        var manage = await Journeys.SignUpAndConfirmAsync(app, "ada@leeds.gov.uk");
        var (_, form) = await app.GetAsync(manage + "/pause");

        var (response, page) = await app.SubmitAsync(form, [new("pause-day", day), new("pause-month", month), new("pause-year", year)]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var link = Assert.Single(page.QuerySelectorAll(".govuk-error-summary__list a"));
        Assert.Equal(message, link.TextContent.Trim());
        Assert.Equal("#" + field, link.GetAttribute("href"));
        Assert.NotNull(page.GetElementById(field));
        Assert.Equal("Error: " + message, page.GetElementById("pause-error")!.TextContent.Trim());
        Assert.Equal(year, ((IHtmlInputElement)page.GetElementById("pause-year")!).Value);
        Assert.Equal(ParticipantStatus.Active, (await Journeys.ParticipantAsync(app, "ada@leeds.gov.uk")).Status);
    }

    [Fact]
    public async Task Skip_NextRound_RecordsThePeriodAndCanBeTakenBack()
    {
        await using var app = await WebApp.StartAsync();
        var manage = await Journeys.SignUpAndConfirmAsync(app, "ada@leeds.gov.uk");
        var (_, page) = await app.GetAsync(manage + "/skip");

        // The default schedule is 09:00 on the first Monday of the month; from 28 November 2026 that is December's.
        Assert.Equal("Skip the December 2026 round", page.QuerySelector("h1")!.TextContent.Trim());
        await app.SubmitAsync(page, []);
        Assert.Equal("2026-12", (await Journeys.ParticipantAsync(app, "ada@leeds.gov.uk")).SkipPeriod);

        var (_, skipping) = await app.GetAsync(manage + "/skip");
        Assert.Equal("You're sitting out the December 2026 round", skipping.QuerySelector("h1")!.TextContent.Trim());
        await app.SubmitAsync(skipping, []);
        Assert.Null((await Journeys.ParticipantAsync(app, "ada@leeds.gov.uk")).SkipPeriod);
    }

    [Fact]
    public async Task Cadence_Change_IsSavedAndAMissingChoiceIsExplained()
    {
        await using var app = await WebApp.StartAsync();
        var manage = await Journeys.SignUpAndConfirmAsync(app, "ada@leeds.gov.uk");
        var (_, page) = await app.GetAsync(manage + "/cadence");
        Assert.True(((IHtmlInputElement)page.GetElementById("cadence-2-monthly")!).IsChecked);

        var (_, bad) = await app.SubmitAsync(page, [new("cadence", "weekly")]);
        Assert.Equal("Select how often you want to take part", SignUpPageTests.ErrorFor(bad, "cadence"));

        await app.SubmitAsync(page, [new("cadence", "quarterly")]);
        Assert.Equal(Cadence.Quarterly, (await Journeys.ParticipantAsync(app, "ada@leeds.gov.uk")).Cadence);
    }

    [Fact]
    public async Task Details_Change_IsCheckedLikeTheSignUpFormThenSaved()
    {
        await using var app = await WebApp.StartAsync();
        var manage = await Journeys.SignUpAndConfirmAsync(app, "ada@leeds.gov.uk");
        var (_, page) = await app.GetAsync(manage + "/details");
        Assert.Equal("Ada Lovelace", ((IHtmlInputElement)page.GetElementById("name")!).Value);

        var (_, bad) = await app.SubmitAsync(page, [new("name", ""), new("intro", new string('y', 501))]);
        Assert.Equal("Enter your full name", SignUpPageTests.ErrorFor(bad, "name"));
        Assert.Equal("Introduction must be 500 characters or fewer", SignUpPageTests.ErrorFor(bad, "intro"));
        Assert.Equal("Ada Lovelace", (await Journeys.ParticipantAsync(app, "ada@leeds.gov.uk")).Name);

        var (ok, _) = await app.SubmitAsync(page, [new("name", "Ada King"), new("phone", "")]);
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var saved = await Journeys.ParticipantAsync(app, "ada@leeds.gov.uk");
        Assert.Equal("Ada King", saved.Name);
        Assert.Null(saved.Phone);
    }

    [Fact]
    public async Task Leave_AfterConfirming_Unsubscribes()
    {
        await using var app = await WebApp.StartAsync();
        var manage = await Journeys.SignUpAndConfirmAsync(app, "ada@leeds.gov.uk");

        var (_, page) = await app.GetAsync(manage + "/unsubscribe");
        Assert.Equal("Are you sure you want to stop taking part?", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(ParticipantStatus.Active, (await Journeys.ParticipantAsync(app, "ada@leeds.gov.uk")).Status);
        var (_, done) = await app.SubmitAsync(page, []);

        Assert.Equal("You've been unsubscribed", done.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(ParticipantStatus.Unsubscribed, (await Journeys.ParticipantAsync(app, "ada@leeds.gov.uk")).Status);
    }

    [Fact]
    public async Task OneClickUnsubscribe_PostWithNoCookieOrToken_UnsubscribesWithoutRedirecting()
    {
        await using var app = await WebApp.StartAsync();
        await Journeys.SignUpAndConfirmAsync(app, "ada@leeds.gov.uk");
        var participant = await Journeys.ParticipantAsync(app, "ada@leeds.gov.uk");
        var url = new Uri(app.Services.GetRequiredService<ParticipantLinks>().UnsubscribeUrl(participant.PublicId)).PathAndQuery;

        // What a mailbox provider sends (RFC 8058): a bare POST from a client with no cookies.
        using var bare = app.NewClient();
        var response = await bare.PostAsync(url, new StringContent("List-Unsubscribe=One-Click", System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Equal(ParticipantStatus.Unsubscribed, (await Journeys.ParticipantAsync(app, "ada@leeds.gov.uk")).Status);
    }

    [Fact]
    public async Task OneClickUnsubscribe_Get_ShowsAButtonAndChangesNothing()
    {
        await using var app = await WebApp.StartAsync();
        await Journeys.SignUpAndConfirmAsync(app, "ada@leeds.gov.uk");
        var participant = await Journeys.ParticipantAsync(app, "ada@leeds.gov.uk");
        var url = new Uri(app.Services.GetRequiredService<ParticipantLinks>().UnsubscribeUrl(participant.PublicId)).PathAndQuery;

        var (response, page) = await app.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Unsubscribe", page.QuerySelector("main form button")!.TextContent.Trim());
        Assert.Null(page.QuerySelector("input[name=__RequestVerificationToken]"));
        Assert.Equal(ParticipantStatus.Active, (await Journeys.ParticipantAsync(app, "ada@leeds.gov.uk")).Status);

        var (post, done) = await app.SubmitAsync(page, []);
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal("You've been unsubscribed", done.QuerySelector("h1")!.TextContent.Trim());
    }

    [Fact]
    public async Task OneClickUnsubscribe_ForgedToken_ChangesNothing()
    {
        await using var app = await WebApp.StartAsync();
        await Journeys.SignUpAndConfirmAsync(app, "ada@leeds.gov.uk");

        var response = await app.NewClient().PostAsync("/unsubscribe/forged", new StringContent("List-Unsubscribe=One-Click", System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(ParticipantStatus.Active, (await Journeys.ParticipantAsync(app, "ada@leeds.gov.uk")).Status);
    }

    [Fact]
    public async Task Manage_PostWithoutAntiforgeryToken_IsRefused()
    {
        await using var app = await WebApp.StartAsync();
        var manage = await Journeys.SignUpAndConfirmAsync(app, "ada@leeds.gov.uk");

        var response = await app.NewClient().PostAsync(manage + "/unsubscribe", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ParticipantStatus.Active, (await Journeys.ParticipantAsync(app, "ada@leeds.gov.uk")).Status);
    }

    [Fact]
    public async Task Download_GivesEverythingHeldIncludingRoundsAndWhoTheyMet()
    {
        await using var app = await WebApp.StartAsync();
        var manage = await Journeys.SignUpAndConfirmAsync(app, "ada@leeds.gov.uk");
        await Journeys.SignUpAndConfirmAsync(app, "grace@navy.example.org", "Grace Hopper", Journeys.GraceDetails);
        var ada = await Journeys.ParticipantAsync(app, "ada@leeds.gov.uk");
        var grace = await Journeys.ParticipantAsync(app, "grace@navy.example.org");
        await History.PairAsync(app, "2026-10", 1, ada.Id, grace.Id);

        // Ada's introduction as a round writes it now: without content, rendered when sent (ADR 11).
        await using (var connection = await app.Database.Database.OpenAsync())
        {
            var roundId = await connection.ScalarAsync<long>("SELECT id FROM rounds WHERE period = '2026-10'", null, default);
            await using var transaction = await connection.BeginTransactionAsync();
            await app.Database.Database.BulkInsertAsync(transaction, "outbox_messages", OutboxStore.RoundEmailColumns, [OutboxStore.RoundEmailRow(roundId, EmailKind.Introduction, ada.Id, 1, held: false, DateTime.UtcNow)], default);
            await transaction.CommitAsync();
        }

        var (page, html) = await app.GetAsync(manage + "/download");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var href = html.QuerySelector("main a[download]")!.GetAttribute("href")!;
        var response = await app.Client.GetAsync(href);

        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("my-unmentoring-data.json", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var details = json.RootElement.GetProperty("details");
        Assert.Equal("ada@leeds.gov.uk", details.GetProperty("email").GetString());
        Assert.Equal("Ada Lovelace", details.GetProperty("name").GetString());
        Assert.Equal("01632 960 001", details.GetProperty("phone").GetString());
        Assert.Equal(ConsentText.CurrentVersion, details.GetProperty("consentTextVersion").GetString());
        Assert.Equal(ConsentText.Current, details.GetProperty("consentText").GetString());
        Assert.Equal("active", details.GetProperty("status").GetString());
        var round = Assert.Single(json.RootElement.GetProperty("rounds").EnumerateArray());
        Assert.Equal("2026-10", round.GetProperty("round").GetString());
        Assert.Equal("paired", round.GetProperty("outcome").GetString());
        var met = Assert.Single(round.GetProperty("matchedWith").EnumerateArray());
        Assert.Equal("Grace Hopper", met.GetProperty("name").GetString());
        Assert.Contains(json.RootElement.GetProperty("emails").EnumerateArray(), e => e.GetProperty("kind").GetString() == "confirmSignUp");
        var introduction = Assert.Single(json.RootElement.GetProperty("emails").EnumerateArray(), e => e.GetProperty("kind").GetString() == "introduction");
        Assert.Equal(MyDataExport.NotKept, introduction.GetProperty("subject").GetString());
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Delete_AfterConfirming_LeavesNothingPersonalAndHistoryStillCounts(string provider)
    {
        await using var app = await WebApp.StartAsync(provider);
        var manage = await Journeys.SignUpAndConfirmAsync(app, "ada@leeds.gov.uk");
        await Journeys.SignUpAndConfirmAsync(app, "grace@navy.example.org", "Grace Hopper", Journeys.GraceDetails);
        var ada = await Journeys.ParticipantAsync(app, "ada@leeds.gov.uk");
        var grace = await Journeys.ParticipantAsync(app, "grace@navy.example.org");
        await History.PairAsync(app, "2026-10", 1, ada.Id, grace.Id, introductions: true);
        var (_, manageForm) = await app.GetAsync("/manage-link");
        await app.SubmitAsync(manageForm, [new("email", "ada@leeds.gov.uk")]);

        var (_, page) = await app.GetAsync(manage + "/delete");
        var (_, unconfirmed) = await app.SubmitAsync(page, []);
        Assert.Equal("Select that you understand your data will be deleted and cannot be brought back", SignUpPageTests.ErrorFor(unconfirmed, "confirm"));
        Assert.Equal(ParticipantStatus.Active, (await Journeys.ParticipantAsync(app, "ada@leeds.gov.uk")).Status);

        var (deleted, done) = await app.SubmitAsync(page, [new("confirm", "yes")]);

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal("Your data has been deleted", done.QuerySelector("h1")!.TextContent.Trim());
        var personal = new[] { "ada@leeds.gov.uk", "Ada Lovelace", "Ada", "Leeds City Council", "Service designer", "01632 960 001", "ada.teams", "council tax forms" };
        var found = await History.FindTextAsync(app, personal);
        Assert.True(found.Count == 0, "Personal data left behind: " + string.Join("; ", found));

        var erased = await app.Services.GetRequiredService<ParticipantStore>().FindAsync(ada.Id);
        Assert.Equal(ParticipantStatus.Erased, erased!.Status);
        Assert.Null(erased.Email);
        Assert.NotNull(erased.ErasedAt);
        Assert.Equal(2, await app.CountAsync("SELECT count(*) FROM group_members WHERE participant_id IN (@a, @g)", ("a", ada.Id), ("g", grace.Id)));
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM group_members WHERE participant_id = @a", ("a", ada.Id)));

        // The manage link is dead, and the other person's data is untouched.
        var (gone, _) = await app.GetAsync(manage);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("Grace Hopper", (await Journeys.ParticipantAsync(app, "grace@navy.example.org")).Name);

        // The same address can sign up afresh, as a new participant.
        await Journeys.SignUpAndConfirmAsync(app, "ada@leeds.gov.uk");
        Assert.NotEqual(ada.Id, (await Journeys.ParticipantAsync(app, "ada@leeds.gov.uk")).Id);
    }
}

/// <summary>Past rounds written straight into the tables, as the round service would leave them.</summary>
internal static class History
{
    public static async Task PairAsync(WebApp app, string period, int number, long a, long b, bool introductions = false)
    {
        await app.Services.GetRequiredService<Unmentoring.Rounds.RulesStore>().CurrentAsync();
        await using var connection = await app.Database.Database.OpenAsync();
        var now = app.Time.GetUtcNow().UtcDateTime;
        var round = await connection.ScalarAsync<long>(
            "INSERT INTO rounds (period, round_number, seed, rules_version, status, round_date, planned_at) VALUES (@p, @n, 42, 1, 'sent', @date, @now) RETURNING id",
            null, default, ("p", period), ("n", number), ("date", DateOnly.ParseExact(period + "-05", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), ("now", now));
        await connection.ExecuteAsync(
            "INSERT INTO round_groups (round_id, group_number, arranger_id) VALUES (@r, 1, @a)", null, default, ("r", round), ("a", a));
        foreach (var id in new[] { a, b })
        {
            await connection.ExecuteAsync("INSERT INTO group_members (round_id, group_number, participant_id) VALUES (@r, 1, @p)", null, default, ("r", round), ("p", id));
            await connection.ExecuteAsync("INSERT INTO round_outcomes (round_id, participant_id, outcome, reason) VALUES (@r, @p, 'paired', 'Matched at random')", null, default, ("r", round), ("p", id));
            await connection.ExecuteAsync(
                "INSERT INTO feedback (round_id, participant_id, outcome, reason, recorded_at) SELECT @r, @p, 'met', 'Good talk, said ' || name, @now FROM participants WHERE id = @p",
                null, default, ("r", round), ("p", id), ("now", now));
        }

        if (introductions)
        {
            foreach (var (to, other) in new[] { (a, b), (b, a) })
            {
                await connection.ExecuteAsync(
                    """
                    INSERT INTO outbox_messages (idempotency_key, kind, round_id, participant_id, recipient, subject, text_body, state, created_at, next_attempt_at)
                    SELECT @key, 'introduction', @r, @to, p.email, 'Meet ' || o.name, 'Meet ' || o.name || ' of ' || o.organisation || ', ' || o.email || ', ' || o.phone || '. ' || o.intro, 'sent', @now, @now
                    FROM participants p, participants o WHERE p.id = @to AND o.id = @other
                    """,
                    null, default, ("key", $"intro:{period}:{to}"), ("r", round), ("to", to), ("other", other), ("now", now));
            }
        }
    }

    /// <summary>Every text in every column of every table that contains one of <paramref name="needles"/>.</summary>
    public static async Task<List<string>> FindTextAsync(WebApp app, IReadOnlyList<string> needles)
    {
        await using var connection = await app.Database.Database.OpenAsync();
        var tables = new List<string>();
        var listSql = app.Database.Provider == TestDatabase.Postgres
            ? "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            : "SELECT name FROM sqlite_master WHERE type = 'table'";
        await using (var command = connection.Command(listSql))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var found = new List<string>();
        foreach (var table in tables)
        {
            await using var command = connection.Command($"SELECT * FROM {table}");
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var value = reader.IsDBNull(i) ? null : reader.GetValue(i) switch
                    {
                        string s => s,
                        byte[] bytes => System.Text.Encoding.UTF8.GetString(bytes),
                        var other => other.ToString(),
                    };
                    foreach (var needle in needles.Where(n => value is not null && ContainsAsWord(value, n)))
                    {
                        found.Add($"{table}.{reader.GetName(i)} contains '{needle}'");
                    }
                }
            }
        }

        return found;
    }

    /// <summary>
    /// Whether <paramref name="needle"/> appears in <paramref name="value"/>, in any case, with no letter or
    /// digit either side: "Ada" in "said Ada" or "ada@leeds.gov.uk", but not in the hexadecimal of a random
    /// public id or key ("3ada9f"), which would fail the test by chance.
    /// </summary>
    private static bool ContainsAsWord(string value, string needle) =>
        System.Text.RegularExpressions.Regex.IsMatch(
            value,
            $@"(?<![\p{{L}}\p{{N}}]){System.Text.RegularExpressions.Regex.Escape(needle)}(?![\p{{L}}\p{{N}}])",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);
}

/// <summary>What the service writes about people in its logs, and what it refuses to read.</summary>
public sealed class PrivacyAndLimitsTests
{
    [Fact]
    public async Task Logs_AfterEveryJourney_HoldNoPersonalData()
    {
        await using var app = await WebApp.StartAsync();
        var manage = await Journeys.SignUpAndConfirmAsync(app, "ada@leeds.gov.uk");
        var (_, form) = await app.GetAsync("/manage-link");
        await app.SubmitAsync(form, [new("email", "ada@leeds.gov.uk")]);
        var (_, bot) = await app.GetAsync("/sign-up");
        await app.SubmitAsync(bot, WebApp.ValidSignUp("bot@example.org"));
        var (_, delete) = await app.GetAsync(manage + "/delete");
        await app.SubmitAsync(delete, [new("confirm", "yes")]);

        Assert.NotEmpty(app.Errors.Entries);
        foreach (var personal in new[] { "ada@leeds.gov.uk", "bot@example.org", "Ada", "Lovelace", "Leeds City Council", "01632", manage[(manage.LastIndexOf('/') + 1)..] })
        {
            Assert.DoesNotContain(app.Errors.Entries, e => e.Contains(personal, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task RequestBody_LargerThanTheLimit_IsRefusedWithAPage()
    {
        await using var app = await WebApp.StartAsync();
        var (_, form) = await app.GetAsync("/sign-up");
        app.Time.Advance(TimeSpan.FromMinutes(1));
        var values = WebApp.ValidSignUp();
        values["intro"] = new string('x', 40_000);

        var (response, page) = await app.SubmitAsync(form, values);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("What you sent is too long", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM participants"));
    }
}
