using Microsoft.Playwright;

namespace Unmentoring.BrowserTests;

/// <summary>
/// Debian's Chromium driven by Playwright through its own driver (shipped in the NuGet package, run
/// offline). Playwright never downloads a browser here: it is told where Chromium is.
/// </summary>
public static class Browser
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why the browser tests cannot run here, or null. Under CI a missing browser is a failure, not a skip.</summary>
    public static string? WhyUnavailable() =>
        File.Exists(ExecutablePath) ? null : $"Chromium is not installed at {ExecutablePath}: apt-get install -y chromium (or set UNMENTORING_CHROMIUM to its path).";

    public static string ExecutablePath => Environment.GetEnvironmentVariable("UNMENTORING_CHROMIUM") is { Length: > 0 } path ? path : ChromiumPath;

    public static void SkipUnlessAvailable()
    {
        var why = WhyUnavailable();
        if (why is not null && InCi)
        {
            Assert.Fail(why);
        }

        Skip.If(why is not null, why);
    }

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            ],
        });
        return (playwright, browser);
    }
}
