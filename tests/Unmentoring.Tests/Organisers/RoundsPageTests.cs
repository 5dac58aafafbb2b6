using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using Unmentoring.Organisers;
using Unmentoring.Participants;
using Unmentoring.Rounds;
using Unmentoring.Tests.Support;
using Unmentoring.Tests.Web;

namespace Unmentoring.Tests.Organisers;

/// <summary>/organise/rounds and one round's page: preview, run, approve, move, swap and resend, each through the host.</summary>
public sealed class RoundsPageTests
{
    private const string Ada = "ada@council.example.gov.uk";
    private const string November = "2026-11";

    [Fact]
    public async Task Preview_ShowsTheNextRoundAndWritesNothing()
    {
        await using var app = await WebApp.StartAsync();
        await AddPeopleAsync(app, 6);
        using var client = app.OrganiserClient(Ada, OrganiserRoles.Viewer);
        using var organiser = app.OrganiserClient();
        await app.Services.GetRequiredService<RulesStore>().CurrentAsync(); // the first read of the rules writes the defaults, as any page would
        var audit = await app.CountAsync("SELECT count(*) FROM audit_log");

        // An organiser makes the preview (planning 100,000 people is an action, not a page load); a viewer sees it.
        await MakePreviewAsync(app, organiser);
        var (response, page) = await app.GetAsync("/organise/rounds?handler=Preview", client);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Preview of the November 2026 round", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(3, page.QuerySelectorAll("#groups li").Length);
        Assert.Equal(6, page.QuerySelectorAll("#outcomes tbody tr").Length);
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM rounds"));
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM outbox_messages"));
        Assert.Equal(audit, await app.CountAsync("SELECT count(*) FROM audit_log"));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Run_PressedTwice_CreatesTheRoundOnceAndShowsIt(string provider)
    {
        await using var app = await WebApp.StartAsync(provider);
        await AddPeopleAsync(app, 4);
        using var client = app.OrganiserClient(Ada);
        var (_, list) = await app.GetAsync("/organise/rounds", client);

        var (first, _) = await app.SubmitAsync(list, [], "#run", client);
        var (second, _) = await app.SubmitAsync(list, [], "#run", client);

        Assert.Equal($"/organise/rounds/{November}?done=run", first.Headers.Location!.OriginalString);
        Assert.Equal($"/organise/rounds/{November}?done=existed", second.Headers.Location!.OriginalString);
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM rounds"));
        Assert.Equal(4, await app.CountAsync("SELECT count(*) FROM outbox_messages"));
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM audit_log WHERE actor = @a AND action = 'round.planned'", ("a", Ada)));

        var (shown, page) = await app.GetAsync($"/organise/rounds/{November}", client);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Equal("2", page.GetElementById("group-count")!.TextContent.Trim());
        Assert.Equal(4, page.QuerySelectorAll("#outcomes tbody tr").Length);
        Assert.Equal("1", page.GetElementById("rules-version")!.TextContent.Trim());
        Assert.False(string.IsNullOrWhiteSpace(page.GetElementById("seed")!.TextContent));
        Assert.Equal("pending 4", Squash(page.QuerySelector("#email-counts tbody")!.TextContent));
        Assert.All(page.QuerySelectorAll("#outcomes tbody tr"), row => Assert.Contains("introduction: pending", row.TextContent, StringComparison.Ordinal));

        var (_, rounds) = await app.GetAsync("/organise/rounds", client);
        Assert.Contains("November 2026", rounds.GetElementById("rounds")!.TextContent, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Approve_AHeldRound_ReleasesItsEmailsAndRecordsTheOrganiser(string provider)
    {
        await using var app = await WebApp.StartAsync(provider);
        await AddPeopleAsync(app, 4);
        await HoldRoundsAsync(app);
        using var client = app.OrganiserClient(Ada);
        await RunAsync(app, client);
        Assert.Equal(4, await app.CountAsync("SELECT count(*) FROM outbox_messages WHERE state = 'held'"));
        var (_, page) = await app.GetAsync($"/organise/rounds/{November}", client);
        Assert.Equal("Waiting for approval", page.GetElementById("status")!.TextContent.Trim());

        var (response, _) = await app.SubmitAsync(page, [], "#approve", client);

        Assert.Equal($"/organise/rounds/{November}?done=approved", response.Headers.Location!.OriginalString);
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM outbox_messages WHERE state = 'held'"));
        Assert.Equal(4, await app.CountAsync("SELECT count(*) FROM outbox_messages WHERE state = 'pending'"));
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM audit_log WHERE actor = @a AND action = 'round.approved'", ("a", Ada)));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Move_IntoAGroupWithSomeoneFromTheSameOrganisation_IsRefusedNamingTheRule(string provider)
    {
        await using var app = await WebApp.StartAsync(provider);
        var people = await AddPeopleAsync(app, 5, sameOrganisation: 2);
        await HoldRoundsAsync(app);
        using var client = app.OrganiserClient(Ada);
        await RunAsync(app, client);
        var groups = await GroupsAsync(app);
        var trio = groups.Single(g => g.Members.Count == 3);
        var pair = groups.Single(g => g.Members.Count == 2);
        var leeds = people.Take(2).Select(p => p.Id).ToList();
        var mover = trio.Members.Single(leeds.Contains);
        var moverEmail = people.Single(p => p.Id == mover).Email!;
        var (_, page) = await app.GetAsync($"/organise/rounds/{November}", client);

        var (response, refused) = await app.SubmitAsync(page, [new("move-person", moverEmail), new("move-group", pair.Number.ToString())], "#move", client);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = refused.QuerySelector(".govuk-error-summary")!;
        Assert.Contains("avoidSameOrganisation", summary.TextContent, StringComparison.Ordinal);
        Assert.Equal("#move-person", summary.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal(moverEmail, ((IHtmlInputElement)refused.GetElementById("move-person")!).Value);
        Assert.Equal(pair.Number.ToString(), ((IHtmlInputElement)refused.GetElementById("move-group")!).Value);
        Assert.Equal(Describe(groups), Describe(await GroupsAsync(app)));
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM audit_log WHERE action = 'round.moved'"));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Move_AllowedByTheRules_MovesThePersonAndTheirIntroduction(string provider)
    {
        await using var app = await WebApp.StartAsync(provider);
        var people = await AddPeopleAsync(app, 5);
        await HoldRoundsAsync(app);
        using var client = app.OrganiserClient(Ada);
        await RunAsync(app, client);
        var groups = await GroupsAsync(app);
        var trio = groups.Single(g => g.Members.Count == 3);
        var pair = groups.Single(g => g.Members.Count == 2);
        var mover = trio.Members[0];
        var (_, page) = await app.GetAsync($"/organise/rounds/{November}", client);

        // Typed as an organiser might copy it: another case and spaces around it.
        var typed = "  " + people.Single(p => p.Id == mover).Email!.ToUpperInvariant() + " ";
        var (response, moved) = await app.SubmitAsync(page, [new("move-person", typed), new("move-group", pair.Number.ToString())], "#move", client);

        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{response.StatusCode}: {moved.QuerySelector(".govuk-error-summary")?.TextContent} {string.Join("|", app.Errors.Entries)}");
        Assert.Equal($"/organise/rounds/{November}?done=moved", response.Headers.Location!.OriginalString);
        var after = await GroupsAsync(app);
        Assert.Contains(mover, after.Single(g => g.Number == pair.Number).Members);
        Assert.Equal(2, after.Single(g => g.Number == trio.Number).Members.Count);
        Assert.Contains(after.Single(g => g.Number == trio.Number).Arranger, after.Single(g => g.Number == trio.Number).Members);
        Assert.Equal(pair.Number, await app.CountAsync("SELECT group_number FROM outbox_messages WHERE participant_id = @p AND kind = 'introduction'", ("p", mover)));
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM audit_log WHERE actor = @a AND action = 'round.moved'", ("a", Ada)));

        // Each person's reason describes the group they are now in.
        var (_, shown) = await app.GetAsync($"/organise/rounds/{November}", client);
        foreach (var row in shown.QuerySelectorAll("#outcomes tbody tr"))
        {
            var group = int.Parse(row.Children[0].TextContent, System.Globalization.CultureInfo.InvariantCulture);
            var inTrio = after.Single(g => g.Number == group).Members.Count == 3;
            Assert.Contains(inTrio ? "group of three" : "paired with one other person", row.Children[3].TextContent, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Swap_TwoPeopleIntoTheSameOrganisation_IsRefusedNamingTheRule()
    {
        await using var app = await WebApp.StartAsync();
        var people = await AddPeopleAsync(app, 4, sameOrganisation: 2);
        await HoldRoundsAsync(app);
        using var client = app.OrganiserClient(Ada);
        await RunAsync(app, client);
        var groups = await GroupsAsync(app);
        var first = people[0].Id;
        var partnerOfSecond = groups.Single(g => g.Members.Contains(people[1].Id)).Members.Single(m => m != people[1].Id);
        var (_, page) = await app.GetAsync($"/organise/rounds/{November}", client);

        var (_, refused) = await app.SubmitAsync(page, [new("swap-a", people[0].Email!), new("swap-b", people.Single(p => p.Id == partnerOfSecond).Email!)], "#swap", client);

        Assert.Contains("avoidSameOrganisation", refused.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(Describe(groups), Describe(await GroupsAsync(app)));
    }

    [Fact]
    public async Task Move_NothingChosen_ShowsTheErrorSummary()
    {
        await using var app = await WebApp.StartAsync();
        await AddPeopleAsync(app, 4);
        await HoldRoundsAsync(app);
        using var client = app.OrganiserClient(Ada);
        await RunAsync(app, client);
        var (_, page) = await app.GetAsync($"/organise/rounds/{November}", client);

        var (response, refused) = await app.SubmitAsync(page, [], "#move", client);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["#move-person", "#move-group"], refused.QuerySelectorAll(".govuk-error-summary a").Select(a => a.GetAttribute("href")).ToList());
    }

    [Fact]
    public async Task Move_SomeoneNotInTheRoundOrANonsenseGroup_SaysWhatToFixAndChangesNothing()
    {
        await using var app = await WebApp.StartAsync();
        await AddPeopleAsync(app, 4);
        await HoldRoundsAsync(app);
        using var client = app.OrganiserClient(Ada);
        await RunAsync(app, client);
        var groups = await GroupsAsync(app);
        var (_, page) = await app.GetAsync($"/organise/rounds/{November}", client);

        var (response, refused) = await app.SubmitAsync(page, [new("move-person", "nobody@nowhere.example"), new("move-group", "two")], "#move", client);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = refused.QuerySelector(".govuk-error-summary")!.TextContent;
        Assert.Contains("nobody@nowhere.example is not in this round", summary, StringComparison.Ordinal);
        Assert.Contains("The group must be a group number", summary, StringComparison.Ordinal);
        Assert.Equal("two", ((IHtmlInputElement)refused.GetElementById("move-group")!).Value);
        Assert.Equal(Describe(groups), Describe(await GroupsAsync(app)));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task People_AreFoundByAddressOrOutcome_APageAtATime(string provider)
    {
        await using var app = await WebApp.StartAsync(provider);
        var people = await AddPeopleAsync(app, 5);
        using var client = app.OrganiserClient(Ada);
        await RunAsync(app, client);

        var (_, one) = await app.GetAsync($"/organise/rounds/{November}?who=PERSON3%40", client);
        var row = Assert.Single(one.QuerySelectorAll("#outcomes tbody tr"));
        Assert.Contains(people[3].Email!, row.TextContent, StringComparison.Ordinal);
        Assert.Equal("PERSON3@", ((IHtmlInputElement)one.GetElementById("who")!).Value);

        var (_, paired) = await app.GetAsync($"/organise/rounds/{November}?outcome=paired", client);
        Assert.Equal(5, paired.QuerySelectorAll("#outcomes tbody tr").Length);
        Assert.Equal("Paired 5", Squash(paired.QuerySelector("#outcome-counts tbody")!.TextContent));
        var (_, none) = await app.GetAsync($"/organise/rounds/{November}?outcome=satOut", client);
        Assert.Empty(none.QuerySelectorAll("#outcomes tbody tr"));
        Assert.Equal("Nobody in this round matches.", none.GetElementById("people-summary")!.TextContent);

        // "%" and "_" are what the organiser typed, not patterns.
        var (_, literal) = await app.GetAsync($"/organise/rounds/{November}?who=%25", client);
        Assert.Empty(literal.QuerySelectorAll("#outcomes tbody tr"));
        var (_, beyond) = await app.GetAsync($"/organise/rounds/{November}?pageNumber=2", client);
        Assert.Empty(beyond.QuerySelectorAll("#outcomes tbody tr"));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Resend_AnIntroduction_QueuesExactlyOneNewEmail(string provider)
    {
        await using var app = await WebApp.StartAsync(provider);
        var people = await AddPeopleAsync(app, 4);
        using var client = app.OrganiserClient(Ada);
        await RunAsync(app, client);
        var (_, page) = await app.GetAsync($"/organise/rounds/{November}", client);
        var before = await app.CountAsync("SELECT count(*) FROM outbox_messages");

        var (response, _) = await app.SubmitAsync(page, [new("resend-person", people[0].Email!)], "#resend", client);

        Assert.Equal($"/organise/rounds/{November}?done=resent", response.Headers.Location!.OriginalString);
        Assert.Equal(before + 1, await app.CountAsync("SELECT count(*) FROM outbox_messages"));
        Assert.Equal(2, await app.CountAsync("SELECT count(*) FROM outbox_messages WHERE participant_id = @p AND kind = 'introduction' AND state = 'pending'", ("p", people[0].Id)));
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM audit_log WHERE actor = @a AND action = 'round.introductionResent'", ("a", Ada)));
    }

    [Theory]
    [InlineData("/organise/rules")]
    [InlineData("/organise/rounds")]
    [InlineData("/organise/rounds/2026-11")]
    public async Task Get_WithoutASession_IsSentToSignIn(string path)
    {
        await using var app = await WebApp.StartAsync();

        var response = await app.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(OrganiserAccess.SignInPath, response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/organise/rules")]
    [InlineData("/organise/rules?handler=Check")]
    [InlineData("/organise/rounds?handler=Run")]
    [InlineData("/organise/rounds/2026-11?handler=Approve")]
    [InlineData("/organise/rounds/2026-11?handler=Move")]
    [InlineData("/organise/rounds/2026-11?handler=Swap")]
    [InlineData("/organise/rounds/2026-11?handler=Resend")]
    public async Task Post_WithoutASessionOrAsAViewer_IsRefusedAndChangesNothing(string path)
    {
        await using var app = await WebApp.StartAsync();
        await AddPeopleAsync(app, 4);
        await HoldRoundsAsync(app);
        await app.Services.GetRequiredService<RoundService>().RunAsync(Period.Parse(November));
        using var viewer = app.OrganiserClient(Ada, OrganiserRoles.Viewer);
        var (_, page) = await app.GetAsync("/organise/rules", viewer);
        var fields = RulesPageTests.Fields(page, ("period", November), ("repeatWindowRounds", "3"));
        var audit = await app.CountAsync("SELECT count(*) FROM audit_log");

        var anonymous = await app.Client.PostAsync(path, new FormUrlEncodedContent(fields));
        var asViewer = await viewer.PostAsync(path, new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asViewer.StatusCode);
        Assert.Equal(audit, await app.CountAsync("SELECT count(*) FROM audit_log"));
        Assert.Equal(4, await app.CountAsync("SELECT count(*) FROM outbox_messages WHERE state = 'held'"));
    }

    [Fact]
    public async Task Get_ARoundThatDoesNotExist_Is404()
    {
        await using var app = await WebApp.StartAsync();
        using var client = app.OrganiserClient(Ada);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/organise/rounds/2026-10")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/organise/rounds/not-a-month")).StatusCode);
    }

    /// <summary>Confirmed, active people; the first <paramref name="sameOrganisation"/> of them share one organisation.</summary>
    private static string Squash(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Presses "Preview the next round" on the rounds page, as an organiser does.</summary>
    internal static async Task<HttpResponseMessage> MakePreviewAsync(WebApp app, HttpClient organiser)
    {
        var (_, rounds) = await app.GetAsync("/organise/rounds", organiser);
        var (response, _) = await app.SubmitAsync(rounds, [], "#preview", organiser);
        return response;
    }

    internal static Task<List<Participant>> AddPeopleAsync(WebApp app, int count, int sameOrganisation = 0) =>
        TestPeople.AddAsync(app, count, organisation: i => i < sameOrganisation ? "Leeds City Council" : $"Organisation {i}");

    private static async Task HoldRoundsAsync(WebApp app)
    {
        var rules = app.Services.GetRequiredService<RulesStore>();
        var current = await rules.CurrentAsync();
        await rules.SaveAsync(current.Rules with { RequireApproval = true }, "test", "requireApproval=true", current.Version);
    }

    private static async Task RunAsync(WebApp app, HttpClient client)
    {
        var (_, list) = await app.GetAsync("/organise/rounds", client);
        var (response, _) = await app.SubmitAsync(list, [], "#run", client);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private static string Describe(IEnumerable<StoredGroup> groups) =>
        string.Join("; ", groups.Select(g => $"{g.Number}: {g.Arranger} / {string.Join(",", g.Members)}"));

    private static async Task<List<StoredGroup>> GroupsAsync(WebApp app)
    {
        var database = app.Services.GetRequiredService<Unmentoring.Storage.Database>();
        var round = (await app.Services.GetRequiredService<RoundStore>().FindAsync(Period.Parse(November)))!;
        await using var connection = await database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        return (await app.Services.GetRequiredService<RoundAdjustmentStore>().GroupsAsync(round.Id, transaction, default))
            .Select(g => g with { Members = g.Members.Order().ToList() })
            .ToList();
    }
}
