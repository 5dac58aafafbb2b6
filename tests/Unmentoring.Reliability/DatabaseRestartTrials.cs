using System.Diagnostics;
using System.Globalization;
using Unmentoring.Reliability.Support;
using Unmentoring.Tests.Support;
using Xunit.Abstractions;

namespace Unmentoring.Reliability;

/// <summary>
/// PostgreSQL goes away under two <c>serve</c> processes: restarted with <c>pg_ctl restart -m fast</c>, or
/// every backend terminated with <c>pg_terminate_backend</c>, once in the middle of planning the round and
/// once in the middle of sending it. Each trial runs on a cluster of its own, so the restart takes no other
/// test's database down.
/// </summary>
public sealed class DatabaseRestartTrials(ITestOutputHelper output)
{
    private const int People = 5_000;

    public enum Fault
    {
        Restart,
        TerminateBackends,
    }

    [SkippableTheory]
    [InlineData(Fault.Restart, Fault.TerminateBackends)]
    [InlineData(Fault.TerminateBackends, Fault.Restart)]
    public async Task DatabaseGoesAway_MidRoundThenMidDispatch_RoundCompletesOnceAndEveryEmailArrivesOnce(Fault midRound, Fault midDispatch)
    {
        ReliabilityScheme.SkipIfTurnedOff();
        var why = PostgresServer.WhyNoOwnCluster();
        Skip.If(why is not null && !PostgresServer.InCi, why);
        var log = new TrialLog(output);
        var trial = $"database {midRound} mid-round, {midDispatch} mid-dispatch";
        var clock = Stopwatch.StartNew();
        var server = await PostgresServer.StartOwnClusterAsync();

        // Stopped when the trial ends, after the scheme and the relay (disposed first, as declared later):
        // left to the test host's exit, the restarted clusters of whole runs were found still running.
        await using var stopCluster = new WhenDisposed(server.StopAsync);
        await using var smtp = await LoopbackSmtpServer.StartAsync();
        await using var scheme = await ReliabilityScheme.CreateAsync(server, People);
        var instances = await Task.WhenAll(new[] { "first", "second" }.Select(n => scheme.StartInstanceAsync($"unmentoring-{n}", smtp)));
        var period = await scheme.ScheduleRoundsAsync();

        ServiceInstance? planner = null;
        Assert.True(
            await Eventually.HoldsAsync(() => Task.FromResult((planner = instances.FirstOrDefault(i => i.Logged("Round trigger fired"))) is not null), TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(10)),
            "No instance fired the round trigger." + scheme.Logs());
        await InjectAsync(midRound, server, scheme);
        log.Write($"{trial}: {midRound} as {planner!.Name} began planning (round committed before: {(planner.Logged("Planned the") ? "yes" : "no")})");

        var afterDelivered = People / 3;
        Assert.True(
            await Eventually.HoldsAsync(() => Task.FromResult(smtp.Count >= afterDelivered), TimeSpan.FromMinutes(5), TimeSpan.FromMilliseconds(5)),
            $"Fewer than {afterDelivered} emails arrived after the first fault." + scheme.Logs());
        await InjectAsync(midDispatch, server, scheme);
        log.Write($"{trial}: {midDispatch} once {smtp.Count} emails had arrived");

        var finished = await scheme.RoundSentAsync(period, TimeSpan.FromMinutes(6));
        var count = await TrialCount.TakeAsync(trial, scheme, smtp);
        var firings = instances.Sum(i => i.Lines.Count(l => l.Contains("Round trigger fired", StringComparison.Ordinal)));
        var planned = instances.SelectMany(i => i.Lines).FirstOrDefault(l => l.Contains("Planned the", StringComparison.Ordinal));
        var failedFirings = instances.Sum(i => i.Lines.Count(l => l.Contains("RoundJob", StringComparison.Ordinal) && l.Contains("fail:", StringComparison.Ordinal)) + i.Lines.Count(l => l.Contains("threw an unhandled Exception", StringComparison.Ordinal)));
        log.Write(string.Create(CultureInfo.InvariantCulture, $"{count}; {firings} firings, {failedFirings} failed, planned at: {planned?[..Math.Min(planned.Length, 120)]}; {clock.Elapsed.TotalSeconds:0} s"));
        Assert.True(finished, $"The round was not completed and sent: {count}{scheme.Logs()}");
        Assert.All(instances, i => Assert.False(i.HasExited, $"{i.Name} exited." + scheme.Logs()));
        count.AssertCompleteOnce(People, expectedRounds: 1, scheme.Logs());
    }

    private static async Task InjectAsync(Fault fault, PostgresServer server, ReliabilityScheme scheme)
    {
        if (fault == Fault.Restart)
        {
            await server.RestartAsync();
        }
        else
        {
            await scheme.ExecuteAsync("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
        }
    }

    /// <summary>Runs an action when disposed: the end of a trial, however it ends.</summary>
    private sealed class WhenDisposed(Func<Task> action) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await action();
    }
}
