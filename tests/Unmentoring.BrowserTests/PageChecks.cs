using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Unmentoring.BrowserTests;

/// <summary>
/// What every browser test does with a page: reach things with the Tab key as a keyboard user would, and
/// check the page with axe-core for WCAG 2.2 A and AA, photographed into TestResults/screenshots.
/// </summary>
internal sealed class PageChecks(string screenshotPrefix)
{
    private static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    private readonly List<string> _violations = [];
    private int _shot;

    public IReadOnlyList<string> Violations => _violations;

    /// <summary>Tabs forward until the element matching <paramref name="selector"/> has focus, as a keyboard user would.</summary>
    public static async Task TabToAsync(IPage page, string selector, int maxPresses = 80)
    {
        await FrontendStartedAsync(page);
        for (var i = 0; i < maxPresses; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("s => !!document.activeElement && document.activeElement.matches(s)", selector))
            {
                return;
            }
        }

        throw new InvalidOperationException($"Could not reach {selector} with the Tab key on {page.Url}.");
    }

    /// <summary>
    /// Waits (up to 10 s) until GOV.UK Frontend has started the components that take focus as they start,
    /// an error summary and a notification banner (each marks its element <c>data-{module}-init</c>), so
    /// that the focus is not moved from under a test that is tabbing: a whole run pressed Enter on a success
    /// banner instead of the link it had tabbed to. A component that never starts does not stop the test
    /// here; what the test checks next will say what is wrong.
    /// </summary>
    private static Task FrontendStartedAsync(IPage page) => HoldsWithin10sAsync(
        page,
        "() => [...document.querySelectorAll('[data-module=govuk-error-summary], [data-module=govuk-notification-banner]')].every(e => e.hasAttribute('data-' + e.getAttribute('data-module') + '-init'))");

    /// <summary>Waits up to 10 s for <paramref name="script"/> to return true in the page; false if it never did.</summary>
    private static async Task<bool> HoldsWithin10sAsync(IPage page, string script)
    {
        try
        {
            await page.WaitForFunctionAsync(script, null, new PageWaitForFunctionOptions { Timeout = 10_000, PollingInterval = 50 });
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// Waits for the page's error summary to take focus, as GOV.UK Frontend's script gives it once the page has
    /// loaded: the summary is in the page as soon as the answer arrives, the focus only when the script has run
    /// (a moment later on a busy machine), so the check waits up to 10 s for it rather than looking once.
    /// </summary>
    public static async Task AssertErrorSummaryTakesFocusAsync(IPage page)
    {
        await page.WaitForSelectorAsync(".govuk-error-summary");
        if (!await HoldsWithin10sAsync(page, "() => !!document.activeElement && !!document.activeElement.closest('.govuk-error-summary')"))
        {
            Assert.Fail($"The error summary should have focus; after 10 s it was on {await page.EvaluateAsync<string>("() => document.activeElement ? document.activeElement.outerHTML.slice(0, 120) : 'nothing'")}.");
        }
    }

    /// <summary>Tabs backwards (Shift+Tab) until the element matching <paramref name="selector"/> has focus: for what sits above the focus, such as the navigation.</summary>
    public static async Task TabBackToAsync(IPage page, string selector, int maxPresses = 80)
    {
        await FrontendStartedAsync(page);
        for (var i = 0; i < maxPresses; i++)
        {
            await page.Keyboard.PressAsync("Shift+Tab");
            if (await page.EvaluateAsync<bool>("s => !!document.activeElement && document.activeElement.matches(s)", selector))
            {
                return;
            }
        }

        throw new InvalidOperationException($"Could not reach {selector} with Shift+Tab on {page.Url}.");
    }

    /// <summary>
    /// Fails unless the focused element shows that it has focus (WCAG 2.4.7): it matches <c>:focus-visible</c> and
    /// looks different without focus (its outline, shadow, colours or underline change).
    /// </summary>
    public static async Task AssertFocusVisibleAsync(IPage page)
    {
        var focus = await page.EvaluateAsync<string[]>(
            """
            () => {
                const element = document.activeElement;
                if (!element || element === document.body) return ["(the page)", "nothing has focus", ""];
                const look = () => {
                    const s = getComputedStyle(element);
                    return [s.outlineStyle, s.outlineColor, s.outlineWidth, s.boxShadow, s.backgroundColor, s.borderColor, s.color, s.textDecorationLine].join(" | ");
                };
                const visible = element.matches(":focus-visible");
                const focused = look();
                element.blur();
                const unfocused = look();
                element.focus();
                return [element.outerHTML.slice(0, 160), visible && focused !== unfocused ? "" : "no visible focus", focused + " / " + unfocused];
            }
            """);
        Assert.True(focus[1].Length == 0, $"The focused element shows no focus on {page.Url}: {focus[0]} ({focus[1]}: {focus[2]}).");
    }

    public static async Task TypeIntoAsync(IPage page, string selector, string text)
    {
        await TabToAsync(page, selector);
        await page.Keyboard.TypeAsync(text);
    }

    /// <summary>Photographs the page and runs axe-core on it; problems are collected for <see cref="Violations"/>.</summary>
    public async Task CheckAsync(IPage page, string name)
    {
        await PhotographAsync(page, name);

        // Not into frames: the email preview frame is sandboxed without scripts, and axe-core would wait on it for ever.
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagTags] }, Iframes = false });

        // A check that passed nothing did not run: make sure axe really looked at the page.
        Assert.True(result.Passes.Length > 5, $"axe-core checked almost nothing on {name}: {result.Passes.Length} rules passed.");
        foreach (var violation in result.Violations)
        {
            _violations.Add($"{name} ({page.Url}): {violation.Id} [{violation.Impact}] {violation.Help}: {string.Join(" | ", violation.Nodes.Select(n => n.Html))}");
        }
    }

    public async Task PhotographAsync(IPage page, string name)
    {
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var folder = ScreenshotFolder();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{screenshotPrefix}{++_shot:00}-{name}.png"), FullPage = true });
    }

    /// <summary>TestResults/screenshots beside this project, kept as the run's artefact.</summary>
    private static string ScreenshotFolder()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && directory.GetFiles("*.csproj").Length == 0)
        {
            directory = directory.Parent;
        }

        var folder = Path.Combine(directory?.FullName ?? AppContext.BaseDirectory, "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
