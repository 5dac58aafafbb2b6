using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Unmentoring.BrowserTests;

/// <summary>
/// A person in a hurry, in a real browser: presses Sign up at once to see what is needed, then lets the
/// browser fill the form in and sends it straight away, far faster than the service's minimum fill time.
/// They are told what to fix, then asked once to check and send again, and then signed up: never told to
/// check their email when no email is coming (issue 11, ADR 0018).
/// </summary>
public sealed class SignUpTimingTests
{
    /// <summary>
    /// Longer than the default 3 s, so that a busy test machine cannot make this hurried person look patient
    /// (the test checks that it really was faster than this).
    /// </summary>
    private static readonly TimeSpan MinimumFillTime = TimeSpan.FromSeconds(10);

    private readonly PageChecks _checks = new(screenshotPrefix: "sign-up-timing-");

    [SkippableFact]
    public async Task SignUp_EmptyAtOnceThenFilledInFast_ErrorsThenAskedOnceThenSignedUp()
    {
        Browser.SkipUnlessAvailable();
        await using var service = await ServiceUnderTest.StartAsync(new Dictionary<string, string> { ["Unmentoring__Web__MinimumFillTime"] = MinimumFillTime.ToString("c") });
        var (playwright, browser) = await Browser.LaunchAsync();
        try
        {
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1024, Height = 800 } });
            var email = "grace.hopper@york.gov.uk";

            var sinceShown = Stopwatch.StartNew();
            await page.GotoAsync(service.BaseUrl + "/sign-up");
            await page.ClickAsync("main button[type=submit]");
            await page.WaitForSelectorAsync(".govuk-error-summary");
            var summary = await page.InnerTextAsync(".govuk-error-summary");
            Assert.Contains("Enter your full name", summary, StringComparison.Ordinal);
            Assert.Contains("Select that you agree to the code of conduct", summary, StringComparison.Ordinal);
            Assert.DoesNotContain("Check your details, then select Sign up again", summary, StringComparison.Ordinal);
            await _checks.PhotographAsync(page, "empty-at-once");

            // As the browser's autofill and a pasted introduction would: everything at once.
            var filling = Stopwatch.StartNew();
            // (The organisation before the email, as autofill sets both at once: the page's suggestion from the
            // email address then leaves it alone.)
            await page.FillAsync("#name", "Grace Hopper");
            await page.FillAsync("#organisation", "City of York Council");
            await page.FillAsync("#email", email);
            await page.FillAsync("#role", "Rear admiral");
            await page.FillAsync("#intro", "I write compilers. Ask me about nanoseconds.");
            await page.CheckAsync("input[name=cadence][value=quarterly]");
            await page.CheckAsync("#consent");
            await page.CheckAsync("#conduct");
            await page.ClickAsync("main button[type=submit]");
            var filledIn = filling.Elapsed;
            var sent = sinceShown.Elapsed;
            Assert.True(sent < MinimumFillTime, $"The test was too slow to act as a hurried person: {sent} from showing the form to sending it ({filledIn} filling it in).");

            await page.WaitForSelectorAsync(".govuk-error-summary a[href='#send']");
            Assert.EndsWith("/sign-up", page.Url, StringComparison.Ordinal);
            Assert.Equal("Check your details, then select Sign up again", (await page.InnerTextAsync(".govuk-error-summary__list")).Trim());
            await PageChecks.AssertErrorSummaryTakesFocusAsync(page);
            Assert.Contains("We have not signed you up yet", await page.InnerTextAsync("#send-reason"), StringComparison.Ordinal);
            Assert.Equal("Grace Hopper", await page.InputValueAsync("#name"));
            Assert.Equal(email, await page.InputValueAsync("#email"));
            Assert.Equal("City of York Council", await page.InputValueAsync("#organisation"));
            Assert.Equal("Rear admiral", await page.InputValueAsync("#role"));
            Assert.Equal("I write compilers. Ask me about nanoseconds.", await page.InputValueAsync("#intro"));
            Assert.True(await page.IsCheckedAsync("input[name=cadence][value=quarterly]"));
            Assert.True(await page.IsCheckedAsync("#consent"));
            Assert.True(await page.IsCheckedAsync("#conduct"));
            await _checks.CheckAsync(page, "sent-too-fast");

            // The summary's link leads to the button; sending again at once is accepted.
            await PageChecks.TabToAsync(page, ".govuk-error-summary a[href='#send']");
            await page.Keyboard.PressAsync("Enter");
            Assert.True(await page.EvaluateAsync<bool>("() => document.activeElement.id === 'send'"), "The summary's link should move focus to the Sign up button.");
            await page.Keyboard.PressAsync("Enter");

            // The browser keeps the link's #send through the redirect.
            await page.WaitForURLAsync(new Regex("/sign-up/check-your-email(#send)?$"));
            await _checks.CheckAsync(page, "check-your-email");

            var confirmation = await service.WaitForEmailAsync(email, "Confirm");
            Assert.Contains(service.BaseUrl + "/confirm/", confirmation.TextBody ?? "", StringComparison.Ordinal);

            Assert.True(_checks.Violations.Count == 0, "Accessibility problems:\n" + string.Join("\n", _checks.Violations));
        }
        finally
        {
            await browser.CloseAsync();
            playwright.Dispose();
        }
    }
}
