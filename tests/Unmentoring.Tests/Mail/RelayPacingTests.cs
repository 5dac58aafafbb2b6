using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Unmentoring.Mail;
using Unmentoring.Storage;
using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Mail;

/// <summary>
/// Unmentoring:Dispatcher:MaxPerMinute and the answer to a relay's "too many", against the real loopback SMTP
/// server with a fake clock: the times asserted are the fake clock's when the server took each message.
/// </summary>
public sealed class RelayPacingTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task MaxPerMinute_OneDispatcher_MessagesEvenlySpaced(string provider)
    {
        await using var harness = await DispatchHarness.CreateAsync(provider);
        await using var server = await LoopbackSmtpServer.StartAsync();
        var received = RecordArrivals(server, harness.Time);
        await harness.QueueIntroductionsAsync(2, 2, 2);
        var dispatch = harness.Dispatch(Paced(harness, harness.Database, server, maxPerMinute: 30));
        var start = harness.Time.GetUtcNow();

        await RunWhileTheClockMovesAsync(harness.Time, dispatch.RunOnceAsync(default));

        Assert.Equal(6, server.Delivered.Count);
        AssertNoFasterThan(received, start, TimeSpan.FromSeconds(2));
        Assert.All(await harness.RowsAsync(), r => Assert.Equal("sent", r.State));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task MaxPerMinute_AMessageWaitingForItsSlot_IsNotYetMarkedAsBeingSent(string provider)
    {
        // A dispatcher killed while it waits for MaxPerMinute's next slot must leave that message unstarted, so
        // it goes back to the queue; marked as being sent, it would be taken for ambiguous and never resent.
        await using var harness = await DispatchHarness.CreateAsync(provider);
        await using var server = await LoopbackSmtpServer.StartAsync();
        await harness.QueueIntroductionsAsync(2);
        var dispatch = harness.Dispatch(Paced(harness, harness.Database, server, maxPerMinute: 1));

        var run = dispatch.RunOnceAsync(default);
        var until = DateTime.UtcNow.AddSeconds(30);
        while (server.Delivered.Count == 0 && DateTime.UtcNow < until)
        {
            await Task.Delay(20);
        }

        // The clock stands still: the second message waits a minute for its slot, claimed but not started, and
        // the first is recorded as sent before that wait.
        await using (var connection = await harness.Database.OpenAsync())
        {
            while (await connection.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE state = 'sent'", null, default) == 0 && DateTime.UtcNow < until)
            {
                await Task.Delay(20);
            }

            Assert.Single(server.Delivered);
            Assert.Equal(1, await connection.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE state = 'sending' AND send_started_at IS NULL", null, default));
            Assert.Equal(0, await connection.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE state = 'sending' AND send_started_at IS NOT NULL", null, default));
            Assert.Equal(1, await connection.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE state = 'sent'", null, default));
        }

        await RunWhileTheClockMovesAsync(harness.Time, run);
        Assert.Equal(2, server.Delivered.Count);
        Assert.All(await harness.RowsAsync(), r => Assert.Equal("sent", r.State));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task MaxPerMinute_AMessageHeldLongerThanMaxHold_IsGivenBackAsATry(string provider)
    {
        // A slot further off than MaxHold: the message is not sent now but given back for a later try, counted
        // as one (its backoff grows and RetryFor still ends it), and the first message is unaffected.
        await using var harness = await DispatchHarness.CreateAsync(provider);
        await using var server = await LoopbackSmtpServer.StartAsync();
        await harness.QueueIntroductionsAsync(2);
        harness.Options.LeaseDuration = TimeSpan.FromMinutes(1); // MaxHold is a quarter of it: 15 s, and the next slot is a minute off
        var dispatch = harness.Dispatch(Paced(harness, harness.Database, server, maxPerMinute: 1));

        var summary = await RunWhileTheClockMovesAsync(harness.Time, dispatch.RunOnceAsync(default));

        Assert.Equal((1, 1), (summary.Sent, summary.Retrying));
        Assert.Single(server.Delivered);
        var held = Assert.Single(await harness.RowsAsync(), r => r.State == "retrying");
        Assert.Equal(1, held.Attempts);
        Assert.Contains("held", held.LastReply, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task MaxPerMinute_TwoDispatchersOnOnePostgres_ShareTheLimit()
    {
        await using var harness = await DispatchHarness.CreateAsync(TestDatabase.Postgres);
        await using var server = await LoopbackSmtpServer.StartAsync();
        var received = RecordArrivals(server, harness.Time);
        await harness.QueueIntroductionsAsync(2, 2, 2, 2);
        harness.Options.BatchSize = 4;
        await using var secondDatabase = Database.ForPostgres(harness.Db.PostgresConnectionString!);
        var first = harness.Dispatch(Paced(harness, harness.Database, server, maxPerMinute: 60));
        var second = new OutboxDispatch(
            new OutboxQueue(secondDatabase),
            harness.RoundEmails,
            Paced(harness, secondDatabase, server, maxPerMinute: 60),
            Options.Create(harness.MailOptions),
            Options.Create(harness.Options),
            new DispatcherPresence(secondDatabase, Options.Create(harness.Options), harness.Time),
            harness.Time,
            NullLogger<OutboxDispatch>.Instance);

        var start = harness.Time.GetUtcNow();
        var both = Task.WhenAll(first.RunOnceAsync(default), second.RunOnceAsync(default));
        await RunWhileTheClockMovesAsync(harness.Time, both);

        var summaries = await both;
        Assert.All(summaries, s => Assert.Equal(4, s.Sent));
        Assert.Equal(8, server.Delivered.Select(m => m.EnvelopeTo[0]).Distinct().Count());
        AssertNoFasterThan(received, start, TimeSpan.FromSeconds(1));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TooMany_PausesAndResends_WithoutSpendingRetries(string provider)
    {
        await using var harness = await DispatchHarness.CreateAsync(provider);
        await using var server = await LoopbackSmtpServer.StartAsync();
        var refusals = 2;
        var arrivals = new List<(DateTimeOffset At, SmtpVerdict Verdict)>();
        server.Verdict = _ =>
        {
            var verdict = Interlocked.Decrement(ref refusals) >= 0 ? SmtpVerdict.TooMany : SmtpVerdict.Accept;
            lock (arrivals)
            {
                arrivals.Add((harness.Time.GetUtcNow(), verdict));
            }

            return verdict;
        };
        await harness.QueueIntroductionsAsync(2, 2);
        var dispatch = harness.Dispatch(Paced(harness, harness.Database, server, maxPerMinute: null));

        var summary = await RunWhileTheClockMovesAsync(harness.Time, dispatch.RunOnceAsync(default));

        Assert.Equal(4, summary.Sent);
        Assert.Equal(0, summary.Retrying);
        Assert.All(await harness.RowsAsync(), r => Assert.Equal(("sent", 1), (r.State, r.Attempts)));

        // The first refusal pauses for FirstPause, the second for twice that, before the message goes again.
        Assert.Equal([SmtpVerdict.TooMany, SmtpVerdict.TooMany, SmtpVerdict.Accept], arrivals.Take(3).Select(a => a.Verdict));
        Assert.True(arrivals[1].At - arrivals[0].At >= RelayThrottle.FirstPause, $"second try after {arrivals[1].At - arrivals[0].At}");
        Assert.True(arrivals[2].At - arrivals[1].At >= RelayThrottle.FirstPause * 2, $"third try after {arrivals[2].At - arrivals[1].At}");
    }

    [Fact]
    public void IsTooMany_421AndTooManyWords_OtherTemporaryRefusalsNot()
    {
        Assert.True(RelayThrottle.IsTooMany(new DeliveryResult(DeliveryStatus.Transient, "421 4.7.0 Too many messages")));
        Assert.True(RelayThrottle.IsTooMany(new DeliveryResult(DeliveryStatus.Transient, "450 4.7.1 Sending rate limit exceeded")));
        Assert.True(RelayThrottle.IsTooMany(new DeliveryResult(DeliveryStatus.Transient, "452 4.5.3 Too many recipients")));
        Assert.False(RelayThrottle.IsTooMany(new DeliveryResult(DeliveryStatus.Transient, "451 4.3.0 Try again later")));
        Assert.False(RelayThrottle.IsTooMany(new DeliveryResult(DeliveryStatus.Permanent, "554 too many complaints")));
    }

    [Fact]
    public async Task ProcessSendPace_SlotsOneIntervalApart_AndFreeWhenIdle()
    {
        var pace = new ProcessSendPace(SendPace.Interval(120));
        var now = new DateTime(2026, 12, 7, 9, 0, 0, DateTimeKind.Utc);

        var slots = new List<DateTime>();
        for (var i = 0; i < 3; i++)
        {
            slots.Add(await pace.ReserveAsync(now, default));
        }

        Assert.Equal([now, now.AddSeconds(0.5), now.AddSeconds(1)], slots);
        Assert.Equal(now.AddMinutes(5), await pace.ReserveAsync(now.AddMinutes(5), default));
    }

    private static PacedMailTransport Paced(DispatchHarness harness, Database database, LoopbackSmtpServer server, int? maxPerMinute) =>
        new(DispatchHarness.Smtp(server), SendPace.For(database, maxPerMinute), new RelayThrottle(harness.Time), harness.Options.MaxHold, harness.Time, NullLogger<PacedMailTransport>.Instance);

    private static List<DateTimeOffset> RecordArrivals(LoopbackSmtpServer server, FakeTimeProvider time)
    {
        var arrivals = new List<DateTimeOffset>();
        server.Verdict = _ =>
        {
            lock (arrivals)
            {
                arrivals.Add(time.GetUtcNow());
            }

            return SmtpVerdict.Accept;
        };
        return arrivals;
    }

    /// <summary>
    /// The k-th message (from 0) arrives no earlier than k intervals after the start: its slot starts then,
    /// and a send can only be later than its slot (the clock moves on while a message is on the wire).
    /// </summary>
    private static void AssertNoFasterThan(List<DateTimeOffset> arrivals, DateTimeOffset start, TimeSpan interval)
    {
        var sorted = arrivals.Order().ToList();
        for (var k = 0; k < sorted.Count; k++)
        {
            Assert.True(sorted[k] >= start + interval * k, $"message {k + 1} came {sorted[k] - start} after the start; the limit allows it no sooner than {interval * k}");
        }
    }

    /// <summary>Moves the fake clock on in small steps until the work is done, as real time would.</summary>
    private static async Task<T> RunWhileTheClockMovesAsync<T>(FakeTimeProvider time, Task<T> work)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!work.IsCompleted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(5);
            time.Advance(TimeSpan.FromMilliseconds(250));
        }

        return await work;
    }
}
