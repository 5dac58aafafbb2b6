using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Unmentoring.BrowserTests;

/// <summary>
/// A person with only a keyboard signs up, confirms from the .eml the service wrote, manages their
/// participation, pauses, and unsubscribes. Every page on the way (and every other page) is checked
/// with axe-core for WCAG 2.2 A and AA, and photographed into TestResults/screenshots.
/// </summary>
public sealed partial class JourneyTests
{
    private readonly PageChecks _checks = new(screenshotPrefix: "");

    [SkippableFact]
    public async Task SignUpConfirmManagePauseUnsubscribe_KeyboardOnly_EveryPageAccessible()
    {
        Browser.SkipUnlessAvailable();
        await using var service = await ServiceUnderTest.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        try
        {
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1024, Height = 800 } });
            var email = "ada.lovelace@leeds.gov.uk";

            await page.GotoAsync(service.BaseUrl + "/");
            await CheckAsync(page, "start");
            await TabToAsync(page, "a.govuk-button--start");
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForURLAsync("**/sign-up");
            await CheckAsync(page, "sign-up");

            // Sending the empty form: the error summary takes focus and links to each field.
            await TabToAsync(page, "main button[type=submit]");
            await page.Keyboard.PressAsync("Enter");
            await PageChecks.AssertErrorSummaryTakesFocusAsync(page);
            await CheckAsync(page, "sign-up-errors");

            await TypeIntoAsync(page, "#name", "Ada Lovelace");
            await TypeIntoAsync(page, "#email", email);
            await TypeIntoAsync(page, "#role", "Service designer");
            Assert.Equal("Leeds", await page.InputValueAsync("#organisation"));
            await TypeIntoAsync(page, "#intro", "I redesign council tax forms. Happy to talk about anything.");
            await TabToAsync(page, "input[name=cadence]");
            await page.Keyboard.PressAsync("Space");
            await TabToAsync(page, "#consent");
            await page.Keyboard.PressAsync("Space");
            await TabToAsync(page, "#conduct");
            await page.Keyboard.PressAsync("Space");
            await Task.Delay(1200);
            await TabToAsync(page, "main button[type=submit]");
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForURLAsync("**/sign-up/check-your-email");
            await CheckAsync(page, "check-your-email");

            var confirmation = await service.WaitForEmailAsync(email, "Confirm");
            var confirmUrl = Link().Match(confirmation.TextBody ?? "").Value;
            Assert.StartsWith(service.BaseUrl + "/confirm/", confirmUrl, StringComparison.Ordinal);
            await page.GotoAsync(confirmUrl);
            await CheckAsync(page, "confirm");
            await TabToAsync(page, "main button");
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForSelectorAsync(".govuk-panel--confirmation");
            await CheckAsync(page, "confirmed");

            await TabToAsync(page, "main a[href*='/manage/']");
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForSelectorAsync("h1:has-text('Manage your participation')");
            await CheckAsync(page, "manage");
            var manageUrl = page.Url;

            await TabToAsync(page, "main a[href$='/pause']");
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForURLAsync("**/pause");
            await CheckAsync(page, "pause");
            var until = DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(2);
            await TypeIntoAsync(page, "#pause-day", until.Day.ToString(CultureInfo.InvariantCulture));
            await TypeIntoAsync(page, "#pause-month", until.Month.ToString(CultureInfo.InvariantCulture));
            await TypeIntoAsync(page, "#pause-year", until.Year.ToString(CultureInfo.InvariantCulture));
            await TabToAsync(page, "main form button");
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForURLAsync("**?done=pause");
            var text = await page.InnerTextAsync("main");
            Assert.Contains("Your pause has been saved", text, StringComparison.Ordinal);
            Assert.Contains("paused until " + until.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB")), text, StringComparison.Ordinal);
            await CheckAsync(page, "manage-paused");

            // The other manage pages, looked at but not used.
            foreach (var section in new[] { "details", "skip", "cadence", "download", "delete" })
            {
                await page.GotoAsync(manageUrl + "/" + section);
                await CheckAsync(page, "manage-" + section);
            }

            await page.GotoAsync(manageUrl);
            await TabToAsync(page, "main a[href$='/unsubscribe']");
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForURLAsync("**/unsubscribe");
            await CheckAsync(page, "unsubscribe-confirm");
            await TabToAsync(page, "main button.govuk-button--warning");
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForSelectorAsync("h1:has-text(\"You've been unsubscribed\")");
            await CheckAsync(page, "unsubscribed");

            // The one-click address from the email's List-Unsubscribe header shows a page with a button.
            var listUnsubscribe = confirmation.Headers["List-Unsubscribe"];
            var oneClick = Regex.Match(listUnsubscribe ?? "", "<(http[^>]+)>").Groups[1].Value;
            await page.GotoAsync(oneClick);
            await CheckAsync(page, "one-click-unsubscribe");

            foreach (var (path, name) in new[] { ("/privacy", "privacy"), ("/accessibility", "accessibility"), ("/cookies", "cookies"), ("/manage-link", "manage-link"), ("/no-such-page", "not-found"), ("/confirm/expired-or-made-up", "confirm-not-usable") })
            {
                await page.GotoAsync(service.BaseUrl + path);
                await CheckAsync(page, name);
            }

            Assert.True(_checks.Violations.Count == 0, "Accessibility problems:\n" + string.Join("\n", _checks.Violations));
        }
        finally
        {
            await browser.CloseAsync();
            playwright.Dispose();
        }
    }

    private static Task TabToAsync(IPage page, string selector) => PageChecks.TabToAsync(page, selector);

    private static Task TypeIntoAsync(IPage page, string selector, string text) => PageChecks.TypeIntoAsync(page, selector, text);

    private Task CheckAsync(IPage page, string name) => _checks.CheckAsync(page, name);

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/confirm/[A-Za-z0-9_\-]+")]
    private static partial Regex Link();
}
