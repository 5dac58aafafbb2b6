using System.Diagnostics;
using System.Globalization;
using Unmentoring.Reliability.Support;
using Unmentoring.Tests.Support;
using Xunit.Abstractions;

namespace Unmentoring.Reliability;

/// <summary>
/// Three <c>serve</c> processes on one PostgreSQL plan and send a round of 2,000 people; one of them is
/// killed with SIGKILL at a seeded random moment of the round or of its dispatch, and the other two must
/// finish: one round, every email delivered, none twice.
/// </summary>
public sealed class KillTrials(ITestOutputHelper output)
{
    private const int People = 2_000;
    private const int Trials = 20;
    private const int FirstSeed = 15_001;

    /// <summary>
    /// Trials overlap: each has its own database, SMTP server and three processes. Starting the processes,
    /// planning and sending up to the kill takes the CPU, so a trial holds a slot of <see cref="CpuGate"/>
    /// until then; after the kill a trial mostly waits (a trial killed during dispatch waits out the dead
    /// instance's claim, a minute, the shortest LeaseDuration allows), so up to <see cref="AliveAtOnce"/>
    /// are alive at once.
    /// </summary>
    private static int AliveAtOnce => Setting("UNMENTORING_RELIABILITY_ALIVE_TRIALS", 8);

    /// <summary>
    /// The seeds to run: all 20, or those listed in UNMENTORING_RELIABILITY_KILL_SEEDS (comma-separated) to
    /// rerun a failed trial by its seed.
    /// </summary>
    private static int[] Seeds =>
        Environment.GetEnvironmentVariable("UNMENTORING_RELIABILITY_KILL_SEEDS") is { Length: > 0 } listed
            ? listed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray()
            : Enumerable.Range(FirstSeed, Trials).ToArray();

    private static int Setting(string name, int otherwise) => int.TryParse(Environment.GetEnvironmentVariable(name), out var n) && n > 0 ? n : otherwise;

    [SkippableFact]
    public async Task ThreeInstances_OneKilledAtARandomMomentOfTheRoundOrDispatch_SurvivorsSendEveryEmailOnce()
    {
        var server = await ReliabilityScheme.SharedServerAsync();
        var log = new TrialLog(output);
        var clock = Stopwatch.StartNew();
        using var alive = new SemaphoreSlim(AliveAtOnce);
        var seeds = Seeds;
        Assert.NotEmpty(seeds);
        var outcomes = await Task.WhenAll(seeds.Select(async seed =>
        {
            await alive.WaitAsync();
            try
            {
                return (Count: await RunTrialAsync(server, seed, log), Failure: (Exception?)null);
            }
#pragma warning disable CA1031 // Every trial runs and is reported; the failures are asserted together below.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                log.Write($"kill seed {seed} FAILED: {ex.Message}");
                return (Count: (TrialCount?)null, Failure: ex);
            }
            finally
            {
                alive.Release();
            }
        }));

        var counts = outcomes.Where(o => o.Count is not null).Select(o => o.Count!).ToList();
        log.Write(string.Create(
            CultureInfo.InvariantCulture,
            $"kill summary: {seeds.Length} trials ({CpuGate.Slots} busy and {AliveAtOnce} alive at once) in {clock.Elapsed.TotalSeconds:0} s, {counts.Count} completed, rounds {counts.Sum(c => c.Rounds)}, emails {counts.Sum(c => c.Emails)}, delivered {counts.Sum(c => c.Delivered)}, duplicates {counts.Sum(c => c.Duplicates)}, lost {counts.Sum(c => c.Lost)}, ambiguous {counts.Sum(c => c.AmbiguousDelivered)} delivered + {counts.Sum(c => c.AmbiguousNotDelivered)} not"));
        var failures = outcomes.Where(o => o.Failure is not null).Select(o => o.Failure!).ToList();
        Assert.True(failures.Count == 0, string.Join("\n\n", failures.Select(f => f.Message)));
    }

    private static async Task<TrialCount> RunTrialAsync(PostgresServer server, int seed, TrialLog log)
    {
        using var busy = await CpuGate.EnterAsync();
        return await RunTrialAsync(server, seed, log, busy.Dispose);
    }

    private static async Task<TrialCount> RunTrialAsync(PostgresServer server, int seed, TrialLog log, Action killed)
    {
        var clock = Stopwatch.StartNew();
        var random = new Random(seed);
        var duringRound = random.Next(2) == 0;
        await using var smtp = await LoopbackSmtpServer.StartAsync();
        await using var scheme = await ReliabilityScheme.CreateAsync(server, People);
        var instances = await Task.WhenAll(new[] { "first", "second", "third" }.Select(n => scheme.StartInstanceAsync($"unmentoring-{n}", smtp)));
        var period = await scheme.ScheduleRoundsAsync();
        var setUp = clock.Elapsed;

        ServiceInstance victim;
        string moment;
        if (duringRound)
        {
            // The instance whose trigger fired is planning the round; kill it somewhere in the planning.
            var delay = TimeSpan.FromMilliseconds(random.Next(0, 2_000));
            ServiceInstance? planner = null;
            Assert.True(
                await Eventually.HoldsAsync(() => Task.FromResult((planner = instances.FirstOrDefault(i => i.Logged("Round trigger fired"))) is not null), TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(10)),
                "No instance fired the round trigger." + scheme.Logs());
            await Task.Delay(delay);
            victim = planner!;
            moment = $"{delay.TotalMilliseconds:0} ms after its round trigger fired";
        }
        else
        {
            var afterDelivered = random.Next(1, People);
            victim = instances[random.Next(instances.Length)];
            Assert.True(
                await Eventually.HoldsAsync(() => Task.FromResult(smtp.Count >= afterDelivered), TimeSpan.FromMinutes(5), TimeSpan.FromMilliseconds(5)),
                $"Fewer than {afterDelivered} emails arrived." + scheme.Logs());
            moment = $"once {afterDelivered} emails had arrived";
        }

        victim.Kill();
        killed();
        var committed = await scheme.ScalarAsync("SELECT count(*) FROM rounds");
        log.Write($"kill seed {seed}: SIGKILL {victim.Name} {moment} (round committed: {(committed > 0 ? "yes" : "no")}, {smtp.Count} emails arrived, planned by it: {(victim.Logged("Planned the") ? "yes" : "no")}; set up in {setUp.TotalSeconds:0} s, killed at {clock.Elapsed.TotalSeconds:0} s)");

        var finished = await scheme.RoundSentAsync(period, TimeSpan.FromMinutes(4));
        var count = await TrialCount.TakeAsync($"kill seed {seed}", scheme, smtp);
        log.Write(string.Create(CultureInfo.InvariantCulture, $"{count}; {clock.Elapsed.TotalSeconds:0} s"));
        Assert.True(finished, $"The survivors did not finish the round: {count}{scheme.Logs()}");
        Assert.All(instances.Where(i => i != victim), i => Assert.False(i.HasExited, $"{i.Name} exited." + scheme.Logs()));
        count.AssertCompleteOnce(People, expectedRounds: 1, scheme.Logs());
        return count;
    }
}
