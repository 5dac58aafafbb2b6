using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Unmentoring.Hosting;
using Unmentoring.Mail;
using Unmentoring.Rounds;
using Unmentoring.Tests.Mail;
using Unmentoring.Tests.Support;
using Unmentoring.Tests.Web;

namespace Unmentoring.Tests.Hosting;

/// <summary>GET /metrics through the host: off unless Unmentoring:Metrics:Enabled, and then every instrument of ours in Prometheus text.</summary>
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_Off_404()
    {
        await using var app = await WebApp.StartAsync();

        var response = await app.Client.GetAsync(ProbePaths.Metrics);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Metrics_On_ShowsEveryInstrumentOfOurs(string provider)
    {
        await using var app = await WebApp.StartAsync(provider, new Dictionary<string, string?> { ["Unmentoring:Metrics:Enabled"] = "true" });

        // A sign-up, its confirmation, a round and its emails, so every counter and histogram has a value.
        for (var i = 0; i < 4; i++)
        {
            await app.SignUpAsync(WebApp.ValidSignUp($"person{i}@org{i}.example.org"));
            var link = await app.LatestLinkAsync("confirmSignUp", $"person{i}@");
            var (_, page) = await app.GetAsync(link);
            await app.SubmitAsync(page, []);
        }

        await app.Services.GetRequiredService<RoundService>().RunAsync(new Period(2026, 12));
        await DispatchHarness.RunUntilIdleAsync(app.Services.GetRequiredService<OutboxDispatch>());
        app.Time.Advance(TimeSpan.FromMinutes(1));

        var text = await ScrapeUntilAsync(app, "unmentoring_participants{");

        foreach (var series in new[]
        {
            "unmentoring_signups_total",
            "unmentoring_confirmations_total",
            "unmentoring_rounds_run_total{",
            "unmentoring_round_duration_seconds_bucket",
            "unmentoring_round_pairing_duration_seconds_bucket",
            "unmentoring_email_send_duration_seconds_bucket",
            "unmentoring_feedback_answers_total",
            "unmentoring_participants{",
            "unmentoring_outbox_messages{",
            "state=\"sent\"",
            "status=\"active\"",
            "http_server_request_duration_seconds",
        })
        {
            Assert.True(text.Contains(series, StringComparison.Ordinal), $"{series} is not in:\n{text}\nThe service logged:\n{string.Join('\n', app.Errors.Entries.Where(e => !e.StartsWith("Information", StringComparison.Ordinal)))}");
        }
    }

    /// <summary>The gauges are counted in the background; scrape until the one asked for is there.</summary>
    private static async Task<string> ScrapeUntilAsync(WebApp app, string series)
    {
        var text = "";
        for (var i = 0; i < 100 && !text.Contains(series, StringComparison.Ordinal); i++)
        {
            var response = await app.Client.GetAsync(ProbePaths.Metrics);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            text = await response.Content.ReadAsStringAsync();
            await Task.Delay(100);
            app.Time.Advance(TimeSpan.FromSeconds(30));
        }

        return text;
    }
}
