using System.Diagnostics;
using System.Globalization;
using Unmentoring.Reliability.Support;
using Unmentoring.Tests.Support;
using Xunit.Abstractions;

namespace Unmentoring.Reliability;

/// <summary>
/// A relay that misbehaves the ways real ones do while two instances send a round of 2,000: one message
/// in ten deferred with 451, one in a hundred taken in and then the connection dropped before the reply,
/// and the whole server down for a minute in the middle.
/// </summary>
public sealed class FlakySmtpTrial(ITestOutputHelper output)
{
    private const int People = 2_000;
    private const int Seed = 15_100;

    [SkippableFact]
    public async Task FlakyRelay_DeferralsDropsAndAMinuteDown_EverythingArrivesAndOnlyAmbiguousMessagesAreNotRetried()
    {
        var server = await ReliabilityScheme.SharedServerAsync();
        var log = new TrialLog(output);
        var clock = Stopwatch.StartNew();
        var random = new Random(Seed);
        await using var smtp = await LoopbackSmtpServer.StartAsync();
        smtp.Verdict = _ =>
        {
            double roll;
            lock (random)
            {
                roll = random.NextDouble();
            }

            return roll < 0.10 ? SmtpVerdict.TryLater : roll < 0.11 ? SmtpVerdict.DropAfterData : SmtpVerdict.Accept;
        };
        await using var scheme = await ReliabilityScheme.CreateAsync(server, People);
        var instances = await Task.WhenAll(new[] { "first", "second" }.Select(n => scheme.StartInstanceAsync($"unmentoring-{n}", smtp)));
        var period = await scheme.ScheduleRoundsAsync();

        Assert.True(
            await Eventually.HoldsAsync(() => Task.FromResult(smtp.Delivered.Count >= People / 3), TimeSpan.FromMinutes(5)),
            "A third of the round did not arrive." + scheme.Logs());
        await smtp.StopAsync();
        log.Write($"flaky SMTP: server down for 60 s once {smtp.Delivered.Count} messages had arrived");
        await Task.Delay(TimeSpan.FromSeconds(60));
        await smtp.StartAsync();

        var finished = await scheme.RoundSentAsync(period, TimeSpan.FromMinutes(6));
        var count = await TrialCount.TakeAsync("flaky SMTP", scheme, smtp);
        var deferred = smtp.Received.Count(m => m.Verdict == SmtpVerdict.TryLater);
        var dropped = smtp.Received.Where(m => m.Verdict == SmtpVerdict.DropAfterData).Select(m => m.Message.MessageId ?? "").ToHashSet(StringComparer.Ordinal);
        var ambiguous = (await scheme.RowsAsync("SELECT idempotency_key FROM outbox_messages WHERE state = 'ambiguous'"))
            .Select(r => TrialCount.MessageId((string)r[0]!)).ToHashSet(StringComparer.Ordinal);
        log.Write(string.Create(CultureInfo.InvariantCulture, $"{count}; {deferred} deferred with 451 and retried, {dropped.Count} dropped after DATA; {clock.Elapsed.TotalSeconds:0} s"));

        Assert.True(finished, $"The round was not sent: {count}{scheme.Logs()}");
        Assert.All(instances, i => Assert.False(i.HasExited, $"{i.Name} exited." + scheme.Logs()));
        count.AssertCompleteOnce(People, expectedRounds: 1, scheme.Logs());
        Assert.True(deferred > 0 && dropped.Count > 0, "The relay was not flaky enough to test anything.");

        // A message whose connection dropped after its data may have been delivered: recorded as ambiguous,
        // never resent. A deferral is retried, so it is never ambiguous; the only other ambiguous messages
        // can be those in the middle of their data when the server went down, at most one per connection
        // (two instances, two dispatch loops each).
        Assert.Subset(ambiguous, dropped);
        var cutOff = ambiguous.Except(dropped).ToList();
        Assert.True(cutOff.Count <= 4, $"{cutOff.Count} messages are ambiguous that were neither dropped after their data nor cut off by the outage.");
    }
}
