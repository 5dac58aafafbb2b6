using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Unmentoring.BrowserTests;

/// <summary>
/// An organiser with only a keyboard signs in with the code from the .eml the service wrote, changes the
/// rules so that rounds are held for approval, previews the next round, runs it, moves a person to another
/// group and approves it. Then every organiser page (<see cref="OrganiserPages.All"/>) is checked with
/// axe-core for WCAG 2.2 A and AA, and photographed into TestResults/screenshots. One service and one
/// browser for all of it, as the participants' journey does.
/// </summary>
public sealed partial class OrganiserJourneyTests
{
    private const string Organiser = "olu.organiser@borsetshire.example";

    /// <summary>Five people from five organisations: this month's round is two groups, a trio and a pair.</summary>
    private const string People = """
        email,name,organisation
        amara@ambridge.example,Amara Adeyemi,Ambridge Parish Council
        ben@felpersham.example,Ben Brown,Felpersham City Council
        chloe@loxley.example,Chloe Chen,Loxley Barrett District Council
        dev@hollerton.example,Dev Davies,Hollerton Housing Trust
        efua@casterbridge.example,Efua Evans,Casterbridge Borough Council
        """;

    private readonly PageChecks _checks = new(screenshotPrefix: "organise-");

    [SkippableFact]
    public async Task SignInChangeRulesPreviewRunMoveApprove_KeyboardOnly_EveryOrganiserPageAccessible()
    {
        Browser.SkipUnlessAvailable();
        await using var service = await ServiceUnderTest.StartAsync();
        await service.RunCommandAsync("organisers", "add", Organiser, "--name", "Olu Organiser");
        var csv = Path.Combine(service.DataDirectory, "people.csv");
        await File.WriteAllTextAsync(csv, People.Replace("\r", "", StringComparison.Ordinal) + "\n");
        await service.RunCommandAsync("participants", "import", csv);

        var (playwright, browser) = await Browser.LaunchAsync();
        try
        {
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1024, Height = 800 } });
            var signInEmail = await SignInAsync(service, page);
            await ChangeTheRulesAsync(page);
            var period = await PreviewAndRunAsync(page);
            var moved = await MoveSomeoneAsync(page);
            await ApproveAsync(page);

            // The moved person's id, as the participants page links them (found by searching for their address).
            await page.GotoAsync(service.BaseUrl + "/organise/participants?q=" + Uri.EscapeDataString(moved.Email));
            var personLink = await page.GetAttributeAsync("main table a[href^='/organise/participants/']", "href");
            var placeholders = new Dictionary<string, string>
            {
                ["period"] = period,
                ["participantId"] = personLink![(personLink!.LastIndexOf('/') + 1)..],
                ["participantEmail"] = moved.Email,
                ["usedLink"] = LinkToken(signInEmail),
            };
            foreach (var organiserPage in OrganiserPages.All.Where(p => p.Session == OrganiserSession.Organiser))
            {
                await OpenAndCheckAsync(page, service, organiserPage, placeholders);
            }

            await SignOutAsync(page);

            // A browser with no session asks for a new link, to see the page a link opens before it is used.
            await using var signedOut = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1024, Height = 800 } });
            var other = await signedOut.NewPageAsync();
            await other.GotoAsync(service.BaseUrl + "/organise/sign-in");
            await other.FillAsync("#email", Organiser);
            await other.PressAsync("#email", "Enter");
            await other.WaitForSelectorAsync("#code");
            placeholders["freshLink"] = LinkToken(await service.WaitForEmailAsync(Organiser, "sign-in code", notThis: signInEmail));
            foreach (var organiserPage in OrganiserPages.All.Where(p => p.Session == OrganiserSession.SignedOut))
            {
                await OpenAndCheckAsync(other, service, organiserPage, placeholders);
            }

            Assert.True(_checks.Violations.Count == 0, "Accessibility problems:\n" + string.Join("\n", _checks.Violations));
        }
        finally
        {
            await browser.CloseAsync();
            playwright.Dispose();
        }
    }

    /// <summary>Opens one page of the list, checks it answered as expected and was not sent elsewhere, and checks it with axe-core.</summary>
    private async Task OpenAndCheckAsync(IPage page, ServiceUnderTest service, OrganiserPage organiserPage, IReadOnlyDictionary<string, string> placeholders)
    {
        var path = OrganiserPages.Resolve(organiserPage.Path, placeholders);
        var response = await page.GotoAsync(service.BaseUrl + path);
        Assert.True(response is not null && response.Status == organiserPage.Status, $"{path} answered {response?.Status}, not {organiserPage.Status}.");
        Assert.Equal(service.BaseUrl + path, page.Url);
        await CheckAsync(page, organiserPage.Name);
    }

    /// <summary>Asks for a code (first sending the form empty), types a wrong code, then the one from the email; returns that email.</summary>
    private async Task<MimeKit.MimeMessage> SignInAsync(ServiceUnderTest service, IPage page)
    {
        await page.GotoAsync(service.BaseUrl + "/organise/sign-in");
        await CheckAsync(page, "sign-in");

        await PressAsync(page, "main button[type=submit]");
        await PageChecks.AssertErrorSummaryTakesFocusAsync(page);
        await CheckAsync(page, "sign-in-errors");

        await TypeIntoAsync(page, "#email", Organiser);
        await PressAsync(page, "main button[type=submit]");
        await page.WaitForSelectorAsync("#code");
        await CheckAsync(page, "sign-in-check-your-email");

        var email = await service.WaitForEmailAsync(Organiser, "sign-in code");
        var code = Code().Match(email.TextBody ?? "").Groups[1].Value;
        Assert.True(code.Length > 0, $"No code in the email: {email.Subject}\n{email.TextBody}");
        var wrong = code.Replace(" ", "", StringComparison.Ordinal) == "000000" ? "111 111" : "000 000";

        await TypeIntoAsync(page, "#code", wrong);
        await PressAsync(page, "main button[type=submit]");
        await PageChecks.AssertErrorSummaryTakesFocusAsync(page);
        await CheckAsync(page, "sign-in-code-wrong");

        // Typed as the email shows it, with a space in the middle.
        await TypeIntoAsync(page, "#code", code);
        await PressAsync(page, "main button[type=submit]");
        await page.WaitForURLAsync("**/organise");
        Assert.Contains("You are signed in as " + Organiser, await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await CheckAsync(page, "start-signed-in");
        return email;
    }

    /// <summary>Sends a rule that does not fit (the error summary takes focus), then a new repeat window and approval required.</summary>
    private async Task ChangeTheRulesAsync(IPage page)
    {
        await PressAsync(page, "nav a[href='/organise/rules']");
        await page.WaitForURLAsync("**/organise/rules");
        await CheckAsync(page, "rules");

        // Tabbing into a text box selects what is in it, so typing replaces it.
        await TypeIntoAsync(page, "#repeatWindowRounds", "lots");
        await PressAsync(page, "main form button[type=submit]:not([formaction])");
        await PageChecks.AssertErrorSummaryTakesFocusAsync(page);
        Assert.Contains("repeatWindowRounds", await page.GetAttributeAsync(".govuk-error-summary a", "href") ?? "", StringComparison.Ordinal);
        await CheckAsync(page, "rules-errors");

        await TypeIntoAsync(page, "#repeatWindowRounds", "6");
        Assert.Equal("6", await page.InputValueAsync("#repeatWindowRounds"));

        // A radio group is one Tab stop, on the chosen answer ("No"); the arrow keys choose within it.
        await TabToAsync(page, "input[name=requireApproval]:checked");
        await page.Keyboard.PressAsync("ArrowLeft");
        Assert.True(await page.IsCheckedAsync("#requireApproval"), "Yes should be chosen for requireApproval.");

        await PressAsync(page, "main form button[type=submit]:not([formaction])");
        await page.WaitForSelectorAsync(".govuk-notification-banner--success");
        Assert.Contains("Rules version 2 saved", await page.InnerTextAsync(".govuk-notification-banner"), StringComparison.Ordinal);
        var versions = await page.InnerTextAsync("main table");
        Assert.Contains("repeatWindowRounds=6", versions, StringComparison.Ordinal);
        Assert.Contains("requireApproval=true", versions, StringComparison.Ordinal);
        Assert.Contains(Organiser, versions, StringComparison.Ordinal);
        await CheckAsync(page, "rules-saved");
    }

    /// <summary>Previews the next round (nothing saved), comes back, and runs it: it is held. Returns its period.</summary>
    private async Task<string> PreviewAndRunAsync(IPage page)
    {
        // The success banner has focus, below the navigation.
        await TabBackToAsync(page, "nav a[href='/organise/rounds']");
        await PressFocusedAsync(page);
        await page.WaitForURLAsync("**/organise/rounds");
        await CheckAsync(page, "rounds-none");

        await PressAsync(page, "#preview button");
        await page.WaitForSelectorAsync("h1:has-text('Preview of the')");
        Assert.Contains("Nothing has been saved", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Equal(2, await page.Locator("#groups li").CountAsync());
        await CheckAsync(page, "rounds-preview");

        await PressAsync(page, "main a[href='/organise/rounds']");
        await page.WaitForSelectorAsync("#run");
        Assert.Contains("No round has been run yet", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await PressAsync(page, "#run button");
        await page.WaitForURLAsync("**?done=run");
        Assert.Equal("Waiting for approval", (await page.InnerTextAsync("#status")).Trim());
        await CheckAsync(page, "round-held");
        return Regex.Match(page.Url, @"/organise/rounds/([0-9]{4}-[0-9]{2})").Groups[1].Value;
    }

    /// <summary>Moves the trio's first person into the pair by typing their address and the pair's number; returns who moved.</summary>
    private async Task<(string Group, string Email)> MoveSomeoneAsync(IPage page)
    {
        var groups = await GroupsAsync(page);
        var trio = groups.FindIndex(g => g.Length == 3);
        var pair = groups.FindIndex(g => g.Length == 2);
        Assert.True(trio >= 0 && pair >= 0, "Expected a trio and a pair: " + string.Join(" / ", groups.Select(g => string.Join(" + ", g))));
        var mover = groups[trio][0];

        await TypeIntoAsync(page, "#move-person", mover);
        Assert.Equal(mover, await page.InputValueAsync("#move-person"));
        await TypeIntoAsync(page, "#move-group", (pair + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await PressAsync(page, "#move button");
        await page.WaitForURLAsync("**?done=moved");
        Assert.Contains("The person has been moved", await page.InnerTextAsync(".govuk-notification-banner"), StringComparison.Ordinal);

        var after = await GroupsAsync(page);
        Assert.Contains(mover, after[pair]);
        Assert.Equal(3, after[pair].Length);
        Assert.Equal(2, after[trio].Length);
        await CheckAsync(page, "round-moved");
        return ((pair + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), mover);
    }

    private async Task ApproveAsync(IPage page)
    {
        await PressAsync(page, "#approve button");
        await page.WaitForURLAsync("**?done=approved");
        Assert.Contains("approved", await page.InnerTextAsync(".govuk-notification-banner"), StringComparison.Ordinal);
        Assert.NotEqual("Waiting for approval", (await page.InnerTextAsync("#status")).Trim());
        Assert.Equal(0, await page.Locator("#approve").CountAsync());
        await CheckAsync(page, "round-approved");
    }

    private async Task SignOutAsync(IPage page)
    {
        await TabToAsync(page, "nav button[type=submit]");
        await PressFocusedAsync(page);
        await page.WaitForURLAsync("**/organise/sign-in?signedOut=true");
        Assert.Contains("You have signed out", await page.InnerTextAsync("main"), StringComparison.Ordinal);
    }

    /// <summary>Each group's members, as the round's page lists them.</summary>
    /// <summary>The round page's groups in number order (group 1 first), read from its table of people.</summary>
    private static async Task<List<string[]>> GroupsAsync(IPage page)
    {
        var rows = await page.EvalOnSelectorAllAsync<string[][]>("#outcomes tbody tr", "rows => rows.map(r => [r.cells[0].innerText.trim(), r.cells[1].innerText.trim()])");
        return rows.Where(r => r[0].Length > 0)
            .GroupBy(r => int.Parse(r[0], System.Globalization.CultureInfo.InvariantCulture))
            .OrderBy(g => g.Key)
            .Select(g => g.Select(r => r[1]).ToArray())
            .ToList();
    }

    /// <summary>Tabs to the control, checks that it shows its focus, and presses Enter.</summary>
    private static async Task PressAsync(IPage page, string selector)
    {
        await TabToAsync(page, selector);
        await PressFocusedAsync(page);
    }

    private static async Task PressFocusedAsync(IPage page)
    {
        await PageChecks.AssertFocusVisibleAsync(page);
        await page.Keyboard.PressAsync("Enter");
    }

    private static string LinkToken(MimeKit.MimeMessage email)
    {
        var link = SignInLink().Match(email.TextBody ?? "");
        Assert.True(link.Success, "No sign-in link in the email: " + email.TextBody);
        return link.Groups[1].Value;
    }

    private static Task TabToAsync(IPage page, string selector) => PageChecks.TabToAsync(page, selector);

    private static Task TabBackToAsync(IPage page, string selector) => PageChecks.TabBackToAsync(page, selector);

    private static Task TypeIntoAsync(IPage page, string selector, string text) => PageChecks.TypeIntoAsync(page, selector, text);

    private Task CheckAsync(IPage page, string name) => _checks.CheckAsync(page, name);

    [GeneratedRegex(@"^[ \t]*([0-9]{3} ?[0-9]{3})[ \t]*\r?$", RegexOptions.Multiline)]
    private static partial Regex Code();

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/organise/sign-in/link/([A-Za-z0-9_\-]+)")]
    private static partial Regex SignInLink();
}
