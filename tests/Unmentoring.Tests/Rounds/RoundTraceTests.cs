using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Unmentoring.Hosting;
using Unmentoring.Rounds;
using Unmentoring.Tests.Web;

namespace Unmentoring.Tests.Rounds;

public sealed class RoundTraceTests
{
    [Fact]
    public async Task RunAsync_OneTraceWithASpanPerStep()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == UnmentoringTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var app = await WebApp.StartAsync();
        for (var i = 0; i < 4; i++)
        {
            await app.SignUpAsync(WebApp.ValidSignUp($"person{i}@org{i}.example.org"));
            var (_, page) = await app.GetAsync(await app.LatestLinkAsync("confirmSignUp", $"person{i}@"));
            await app.SubmitAsync(page, []);
        }

        await app.Services.GetRequiredService<RoundService>().RunAsync(new Period(2026, 12));

        // Other tests may run rounds at the same time: this round's trace is the one with its period.
        var round = Assert.Single(spans, s => s.OperationName == "unmentoring.round" && (string?)s.GetTagItem("unmentoring.period") == "2026-12" && s.Parent is null && HasChildIn(s, spans));
        var steps = spans.Where(s => s.ParentSpanId == round.SpanId).Select(s => s.OperationName).ToList();
        Assert.All(spans.Where(s => s.ParentSpanId == round.SpanId), s => Assert.Equal(round.TraceId, s.TraceId));
        foreach (var step in RoundService.Steps.Append("committed").Append("analysed"))
        {
            Assert.Contains("round." + step, steps);
        }
    }

    private static bool HasChildIn(Activity parent, IEnumerable<Activity> spans) => spans.Any(s => s.ParentSpanId == parent.SpanId);
}
