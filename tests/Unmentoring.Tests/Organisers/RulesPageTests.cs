using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using Unmentoring.Cli;
using Unmentoring.Organisers;
using Unmentoring.Rounds;
using Unmentoring.Tests.Web;

namespace Unmentoring.Tests.Organisers;

/// <summary>/organise/rules: every rule with its meaning, edited with the error summary, saved as a version naming the organiser.</summary>
public sealed class RulesPageTests
{
    private const string Ada = "ada@council.example.gov.uk";

    [Fact]
    public async Task Get_ShowsEveryRuleWithItsValueMeaningAndTheVersions()
    {
        await using var app = await WebApp.StartAsync();
        using var client = app.OrganiserClient(Ada, OrganiserRoles.Viewer);

        var (response, page) = await app.GetAsync("/organise/rules", client);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var key in SchemeRules.Keys)
        {
            Assert.NotNull(page.GetElementById(key));
        }

        Assert.Equal("12", ((IHtmlInputElement)page.GetElementById("repeatWindowRounds")!).Value);
        Assert.Contains("People who met in the last", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("the defaults", page.QuerySelector("main table")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("The next round runs on Monday 7 December 2026 09:00", page.GetElementById("next-run")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Save_AChange_MakesANewVersionNamingTheOrganiserAndRulesShowSaysWho()
    {
        await using var app = await WebApp.StartAsync();
        using var client = app.OrganiserClient(Ada);
        var (_, form) = await app.GetAsync("/organise/rules", client);

        var (response, _) = await app.SubmitAsync(form, [new("repeatWindowRounds", "6"), new("oddPolicy", "sitOut")], client: client);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var current = await app.Services.GetRequiredService<RulesStore>().CurrentAsync();
        Assert.Equal(2, current.Version);
        Assert.Equal(6, current.Rules.RepeatWindowRounds);
        Assert.Equal("sitOut", current.Rules.OddPolicy);
        Assert.Equal(Ada, current.ChangedBy);
        Assert.Equal(app.Time.GetUtcNow().UtcDateTime, current.ChangedAt, TimeSpan.FromSeconds(1));
        Assert.Equal("repeatWindowRounds=6 oddPolicy=sitOut", current.Change);
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM audit_log WHERE actor = @a AND action = 'rules.changed'", ("a", Ada)));

        var (_, after) = await app.GetAsync("/organise/rules", client);
        Assert.Contains("Rules version 2 saved.", after.QuerySelector(".govuk-notification-banner")!.TextContent, StringComparison.Ordinal);
        var newest = after.QuerySelector("main table tbody tr")!.TextContent;
        Assert.Contains(Ada, newest, StringComparison.Ordinal);
        Assert.Contains("repeatWindowRounds=6 oddPolicy=sitOut", newest, StringComparison.Ordinal);

        using var output = new StringWriter();
        await RulesShowCommand.Print(output, current);
        Assert.Contains($"Rules version 2, set by {Ada} on ", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Save_BadValues_ShowsTheErrorSummaryKeepsTheInputAndSavesNothing()
    {
        await using var app = await WebApp.StartAsync();
        using var client = app.OrganiserClient(Ada);
        var (_, form) = await app.GetAsync("/organise/rules", client);

        var (response, page) = await app.SubmitAsync(form, [new("repeatWindowRounds", "lots"), new("timeZone", "Mars/Olympus"), new("scheduleCron", "")], client: client);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var links = page.QuerySelectorAll(".govuk-error-summary a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["#repeatWindowRounds", "#scheduleCron", "#timeZone"], links);
        Assert.Contains("repeatWindowRounds must be a whole number from 0 to 1000", page.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("lots", ((IHtmlInputElement)page.GetElementById("repeatWindowRounds")!).Value);
        Assert.Equal("Mars/Olympus", ((IHtmlInputElement)page.GetElementById("timeZone")!).Value);
        Assert.StartsWith("Error: ", page.Title, StringComparison.Ordinal);
        Assert.Equal(1, (await app.Services.GetRequiredService<RulesStore>().CurrentAsync()).Version);
    }

    [Fact]
    public async Task Check_ANewSchedule_ShowsItsNextRunAndSavesNothing()
    {
        await using var app = await WebApp.StartAsync();
        using var client = app.OrganiserClient(Ada);
        var (_, form) = await app.GetAsync("/organise/rules", client);

        var store = app.Services.GetRequiredService<RulesStore>();

        var check = await client.PostAsync("/organise/rules?handler=Check", new FormUrlEncodedContent(Fields(form, ("scheduleCron", "0 0 18 ? * FRI#1"))));
        var checkedPage = await WebApp.ParseAsync(check);

        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        Assert.Contains("With this schedule, the next round would run on Friday 4 December 2026 18:00 (Europe/London)", checkedPage.GetElementById("next-run")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("0 0 18 ? * FRI#1", ((IHtmlInputElement)checkedPage.GetElementById("scheduleCron")!).Value);
        var current = await store.CurrentAsync();
        Assert.Equal(1, current.Version);
        Assert.Equal("0 0 9 ? * MON#1", current.Rules.ScheduleCron);
    }

    [Fact]
    public async Task Post_WithoutTheAntiforgeryToken_Is400AndSavesNothing()
    {
        await using var app = await WebApp.StartAsync();
        using var client = app.OrganiserClient(Ada);

        var response = await client.PostAsync("/organise/rules", new FormUrlEncodedContent([new("repeatWindowRounds", "3")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(1, (await app.Services.GetRequiredService<RulesStore>().CurrentAsync()).Version);
    }

    /// <summary>The page's form fields as a browser would send them, with <paramref name="changes"/> laid over.</summary>
    internal static List<KeyValuePair<string, string>> Fields(AngleSharp.Dom.IDocument page, params (string Name, string Value)[] changes)
    {
        var form = (IHtmlFormElement)page.QuerySelector("main form")!;
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var input in form.Elements.OfType<IHtmlInputElement>())
        {
            if (changes.Any(c => c.Name == input.Name) || (input.Type is "checkbox" or "radio" && !input.IsChecked))
            {
                continue;
            }

            fields.Add(new(input.Name!, input.Value));
        }

        fields.AddRange(changes.Select(c => new KeyValuePair<string, string>(c.Name, c.Value)));
        return fields;
    }
}
