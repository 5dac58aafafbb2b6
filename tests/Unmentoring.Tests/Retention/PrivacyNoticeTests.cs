using Unmentoring.Tests.Web;

namespace Unmentoring.Tests.Retention;

public sealed class PrivacyNoticeTests
{
    [Fact]
    public async Task PrivacyPage_StatesTheConfiguredRetentionFigures()
    {
        await using var app = await WebApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Unmentoring:Retention:UnconfirmedSignUpDays"] = "14",
            ["Unmentoring:Retention:UnsubscribedDays"] = "45",
            ["Unmentoring:Retention:SentEmailDays"] = "60",
            ["Unmentoring:Retention:ErasureCleanupInterval"] = "00:15:00",
        });

        var (_, page) = await app.GetAsync("/privacy");
        var text = page.QuerySelector("main")!.TextContent;

        Assert.Contains("within 30 minutes", text);
        Assert.Contains("erase your personal data 45 days after you leave", text);
        Assert.Contains("14 days after the confirmation link expires", text);
        Assert.Contains("for 60 days", text);
    }

    [Fact]
    public async Task PrivacyPage_WithUnsubscribedDaysZero_SaysAtOnce()
    {
        await using var app = await WebApp.StartAsync(settings: new Dictionary<string, string?> { ["Unmentoring:Retention:UnsubscribedDays"] = "0" });

        var (_, page) = await app.GetAsync("/privacy");

        Assert.Contains("erase your personal data at once", page.QuerySelector("main")!.TextContent);
    }
}
