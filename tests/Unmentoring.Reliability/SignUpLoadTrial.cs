using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Unmentoring.Reliability.Support;
using Unmentoring.Tests.Support;
using Xunit.Abstractions;

namespace Unmentoring.Reliability;

/// <summary>
/// Sign-ups arrive at 200 a second for 30 seconds, sent on a fixed timetable whatever the answers take (an
/// open loop, as people arrive), while the same <c>serve</c> plans a round of 10,000 and sends it.
/// </summary>
/// <remarks>
/// The load starts when the round's trigger has fired, so the planning and the dispatch overlap the
/// sign-ups by construction on a machine of any speed. Whether the plan was committed before the last
/// sign-up went out is written to the log, not asserted: on a busy machine planning 10,000 beside 200
/// requests a second can take longer than the 30 seconds, and the emails still go out during the load.
/// </remarks>
public sealed class SignUpLoadTrial(ITestOutputHelper output)
{
    private const int People = 10_000;
    private const int PerSecond = 200;
    private const int Seconds = 30;

    [SkippableFact]
    public async Task SignUpsAt200ASecond_WhileARoundOf10000IsPlannedAndSent_NoServerErrorsAndTheRoundIsComplete()
    {
        var server = await ReliabilityScheme.SharedServerAsync();
        var log = new TrialLog(output);

        // The p99 is of one service under this load, not of every other trial's processes starting beside it.
        using var alone = await CpuGate.EnterAloneAsync();
        var clock = Stopwatch.StartNew();
        await using var smtp = await LoopbackSmtpServer.StartAsync();
        await using var scheme = await ReliabilityScheme.CreateAsync(server, People);
        var instance = await scheme.StartInstanceAsync("unmentoring-web", smtp);
        using var forms = await FormClient.OpenAsync(instance.Address!);
        var period = await scheme.ScheduleRoundsAsync();
        Assert.True(
            await Eventually.HoldsAsync(() => Task.FromResult(instance.Logged("Round trigger fired")), TimeSpan.FromMinutes(2)),
            "The round's trigger did not fire within 2 minutes of the schedule." + scheme.Logs());

        var responses = new ConcurrentBag<FormResponse>();
        var sending = new List<Task>(PerSecond * Seconds);
        var timetable = Stopwatch.StartNew();
        for (var i = 0; i < PerSecond * Seconds; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / PerSecond);
            // Read the clock once: read twice, it can pass the due time between the test and the subtraction,
            // and Task.Delay refuses a negative wait (a whole run of 6 December failed on it).
            var wait = due - timetable.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            var email = string.Create(CultureInfo.InvariantCulture, $"load-{i}@council{i % 50}.gov.uk");
            sending.Add(Task.Run(async () => responses.Add(await forms.SignUpAsync(email))));
        }

        var sentIn = timetable.Elapsed;
        var roundPlanned = instance.Lines.FirstOrDefault(l => l.Contains("Planned the", StringComparison.Ordinal));
        await Task.WhenAll(sending);
        var finished = await scheme.RoundSentAsync(period, TimeSpan.FromMinutes(5));
        var count = await TrialCount.TakeAsync("sign-ups at 200/s during a round of 10,000", scheme, smtp);

        var latencies = responses.Select(r => r.Took.TotalMilliseconds).Order().ToList();
        double Percentile(double p) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p / 100 * latencies.Count) - 1)];
        var serverErrors = responses.Count(r => r.ServerError);
        var notRedirected = responses.Count(r => r.Status != HttpStatusCode.Redirect && r.Status != HttpStatusCode.Found);
        log.Write(string.Create(
            CultureInfo.InvariantCulture,
            $"sign-up load: {responses.Count} sign-ups sent in {sentIn.TotalSeconds:0.0} s from the round's trigger, {serverErrors} 5xx or no answer, {notRedirected} not 302; p50 {Percentile(50):0} ms, p99 {Percentile(99):0} ms, max {latencies[^1]:0} ms; round planned before the last sign-up went out: {(roundPlanned is not null ? "yes" : "no")}"));
        log.Write(string.Create(CultureInfo.InvariantCulture, $"{count}; {clock.Elapsed.TotalSeconds:0} s"));

        Assert.True(serverErrors == 0, $"{serverErrors} sign-ups got a 5xx or no answer: {string.Join("; ", responses.Where(r => r.ServerError).Select(r => r.Problem ?? r.Status.ToString()).Distinct().Take(5))}");
        Assert.True(notRedirected == 0, $"{notRedirected} sign-ups were not answered 302.");
        Assert.True(finished, $"The round and the confirmations were not all sent: {count}{scheme.Logs()}");
        Assert.Equal(PerSecond * Seconds, await scheme.ScalarAsync("SELECT count(*) FROM participants WHERE status = 'pending'"));
        count.AssertCompleteOnce(People, expectedRounds: 1, scheme.Logs());
    }
}
