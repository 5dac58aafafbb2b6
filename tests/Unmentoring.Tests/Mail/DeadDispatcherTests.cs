using Unmentoring.Mail;
using Unmentoring.Storage;
using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Mail;

/// <summary>
/// A dispatcher that stops checking in is taken for dead after PresumedDeadAfter, and its claims come back
/// then instead of when their lease runs out; nothing is sent twice, and nobody is taken for dead while the
/// database itself was out of reach (ADR 0042). On SQLite and PostgreSQL, with the harness's fake clock.
/// </summary>
public sealed class DeadDispatcherTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RunOnce_OwnerSilentForPresumedDeadAfter_ClaimsBackBeforeTheLeaseAndTheStartedOneAmbiguous(string provider)
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        await using var harness = await DispatchHarness.CreateAsync(provider);
        await harness.QueueIntroductionsAsync(3);
        var dead = harness.Presence();
        var survivor = harness.Presence();
        await dead.CheckInAsync(default);
        await survivor.CheckInAsync(default);

        // The first instance claims all three, hands the first to the server, and is killed.
        var now = harness.Time.StorageNow();
        var claimed = await harness.Queue.ClaimAsync(10, now, now + harness.Options.LeaseDuration, dead.ClaimOwner(now), default);
        Assert.True(await harness.Queue.RecordAndStartAsync(null, claimed[0], now, now + harness.Options.LeaseDuration, default));

        // The survivor keeps checking in; until the dead one has been silent for more than PresumedDeadAfter,
        // its claims are held.
        var survivorDispatch = harness.Dispatch(DispatchHarness.Smtp(server), survivor);
        var early = await StepAsync(harness, survivor, survivorDispatch, Intervals(harness));
        var onTime = await StepAsync(harness, survivor, survivorDispatch, 1);
        await DispatchHarness.RunUntilIdleAsync(survivorDispatch);

        Assert.Equal(3, claimed.Count);
        Assert.All(early, s => Assert.Equal(0, s.Recovered + s.Claimed));
        Assert.Equal(3, Assert.Single(onTime).Recovered);
        Assert.True(harness.Time.GetUtcNow() - MailSamples.Now < harness.Options.LeaseDuration / 5, "released long before the lease");
        var rows = await harness.RowsAsync();
        Assert.Equal("ambiguous", rows[0].State);
        Assert.Contains("it stopped checking in", rows[0].LastReply, StringComparison.Ordinal);
        Assert.Equal(["sent", "sent"], rows.Skip(1).Select(r => r.State));
        Assert.Equal(2, server.Received.Count);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RunOnce_OwnerStillCheckingIn_ItsClaimsAreLeftAlone(string provider)
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        await using var harness = await DispatchHarness.CreateAsync(provider);
        await harness.QueueIntroductionsAsync(2);
        var slow = harness.Presence();
        var other = harness.Presence();
        await slow.CheckInAsync(default);
        await other.CheckInAsync(default);
        var now = harness.Time.StorageNow();
        await harness.Queue.ClaimAsync(10, now, now + harness.Options.LeaseDuration, slow.ClaimOwner(now), default);
        var otherDispatch = harness.Dispatch(DispatchHarness.Smtp(server), other);

        var passes = new List<DispatchSummary>();
        for (var i = 0; i < 3 * harness.Options.PresumedDeadAfter / harness.Options.CheckinInterval; i++)
        {
            harness.Time.Advance(harness.Options.CheckinInterval);
            await slow.CheckInAsync(default);
            await other.CheckInAsync(default);
            passes.Add(await otherDispatch.RunOnceAsync(default));
        }

        Assert.All(passes, s => Assert.Equal(0, s.Recovered + s.Claimed));
        Assert.All(await harness.RowsAsync(), r => Assert.Equal("sending", r.State));
        Assert.Empty(server.Received);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RunOnce_AfterAnOutageLongerThanPresumedDeadAfter_NobodyIsTakenForDeadUntilAllCouldCheckIn(string provider)
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        await using var harness = await DispatchHarness.CreateAsync(provider);
        await harness.QueueIntroductionsAsync(2);
        var first = harness.Presence();
        var second = harness.Presence();
        await first.CheckInAsync(default);
        await second.CheckInAsync(default);
        var now = harness.Time.StorageNow();
        await harness.Queue.ClaimAsync(10, now, now + harness.Options.LeaseDuration, first.ClaimOwner(now), default);
        var secondDispatch = harness.Dispatch(DispatchHarness.Smtp(server), second);

        // Neither can reach the database for two PresumedDeadAfter; the second is back first and checks in
        // steadily, while the first takes a little longer to come back.
        harness.Time.Advance(2 * harness.Options.PresumedDeadAfter);
        var whileFirstComesBack = await StepAsync(harness, second, secondDispatch, Intervals(harness) - 1);
        var bothBack = await StepAsync(harness, second, secondDispatch, 2 * Intervals(harness), alsoCheckingIn: first);

        Assert.All(whileFirstComesBack.Concat(bothBack), s => Assert.Equal(0, s.Recovered + s.Claimed));
        Assert.Empty(server.Received);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RunOnce_ClaimMadeBeforeItsOwnerCheckedIn_ComesBackOnlyWithTheLease(string provider)
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        await using var harness = await DispatchHarness.CreateAsync(provider);
        await harness.QueueIntroductionsAsync(2);
        var unseen = harness.Presence();
        var survivor = harness.Presence();
        await survivor.CheckInAsync(default);
        var now = harness.Time.StorageNow();

        var claimed = await harness.Queue.ClaimAsync(10, now, now + harness.Options.LeaseDuration, unseen.ClaimOwner(now), default);
        var survivorDispatch = harness.Dispatch(DispatchHarness.Smtp(server), survivor);
        var leaseSteps = (int)(harness.Options.LeaseDuration / harness.Options.CheckinInterval);
        var beforeTheLease = await StepAsync(harness, survivor, survivorDispatch, leaseSteps);
        var afterTheLease = await StepAsync(harness, survivor, survivorDispatch, 1);

        Assert.Null(unseen.ClaimOwner(now));
        Assert.Equal(2, claimed.Count);
        Assert.All(beforeTheLease, s => Assert.Equal(0, s.Recovered + s.Claimed));
        Assert.Equal(2, Assert.Single(afterTheLease).Recovered);
        Assert.Equal(2, server.Received.Count);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task HostedDispatcher_ChecksInWhileRunningAndLeavesOnACleanStop(string provider)
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        await using var harness = await DispatchHarness.CreateAsync(provider);
        var dispatcher = harness.HostedDispatcher(DispatchHarness.Smtp(server));

        await dispatcher.StartAsync(default);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var running = false;
        while (!running && DateTime.UtcNow < deadline)
        {
            running = await CheckinsAsync(harness.Database) == 1;
            await Task.Delay(20);
        }

        var first = await LastCheckinAsync(harness.Database);
        harness.Time.Advance(harness.Options.CheckinInterval);
        var again = false;
        deadline = DateTime.UtcNow.AddSeconds(30);
        while (!again && DateTime.UtcNow < deadline)
        {
            again = await LastCheckinAsync(harness.Database) > first;
            await Task.Delay(20);
        }

        await dispatcher.StopAsync(default);
        var stopped = await CheckinsAsync(harness.Database);

        Assert.True(running, "a running dispatcher has checked in");
        Assert.True(again, "it checks in again after CheckinInterval");
        Assert.Equal(0, stopped);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ClaimOwner_OnlyWhileCheckInsAreRecent_SoAnInstanceThatCannotCheckInIsLeftToTheLease(string provider)
    {
        await using var harness = await DispatchHarness.CreateAsync(provider);
        var presence = harness.Presence();
        var late = harness.Options.PresumedDeadAfter / 2;

        var beforeFirst = presence.ClaimOwner(harness.Time.StorageNow());
        await presence.CheckInAsync(default);
        var checkedIn = presence.ClaimOwner(harness.Time.StorageNow());
        harness.Time.Advance(late);
        var stillRecent = presence.ClaimOwner(harness.Time.StorageNow());
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        var failing = presence.ClaimOwner(harness.Time.StorageNow());
        await presence.CheckInAsync(default);
        var back = presence.ClaimOwner(harness.Time.StorageNow());

        Assert.Null(beforeFirst);
        Assert.Equal(presence.Instance, checkedIn);
        Assert.Equal(presence.Instance, stillRecent);
        Assert.Null(failing);
        Assert.Equal(presence.Instance, back);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SendAgain_AmbiguousFromASilentDispatcher_RefusedUntilItsSendCannotStillBeGoingOn(string provider)
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        await using var harness = await DispatchHarness.CreateAsync(provider);
        await harness.QueueIntroductionsAsync(2);
        var silent = harness.Presence();
        var survivor = harness.Presence();
        await silent.CheckInAsync(default);
        await survivor.CheckInAsync(default);
        var started = harness.Time.StorageNow();
        var claimed = await harness.Queue.ClaimAsync(1, started, started + harness.Options.LeaseDuration, silent.ClaimOwner(started), default);
        Assert.True(await harness.Queue.RecordAndStartAsync(null, claimed[0], started, started + harness.Options.LeaseDuration, default));
        await StepAsync(harness, survivor, harness.Dispatch(DispatchHarness.Smtp(server), survivor), Intervals(harness) + 1);
        var actions = new FailedEmailActions(harness.Database, new AuditLog(harness.Database, harness.Time), Microsoft.Extensions.Options.Options.Create(harness.Options), harness.Time);

        var released = (await harness.RowsAsync())[0].State;
        var tooSoon = Assert.Single(await actions.SendAgainAsync([claimed[0].Id], "ada@council.example.gov.uk", default));
        harness.Time.Advance(started + harness.Options.LongestSend - harness.Time.StorageNow());
        var afterwards = Assert.Single(await actions.SendAgainAsync([claimed[0].Id], "ada@council.example.gov.uk", default));

        Assert.Equal("ambiguous", released);
        Assert.False(tooSoon.Done);
        Assert.Contains("the answer may still come", tooSoon.Refusal, StringComparison.Ordinal);
        Assert.True(afterwards.Done, afterwards.Refusal);
        Assert.Equal("pending", (await harness.RowsAsync())[0].State);
    }

    /// <summary>
    /// Moves the clock one CheckinInterval at a time, <paramref name="steps"/> times; at each step the
    /// survivor (and <paramref name="alsoCheckingIn"/>) checks in, then the survivor's dispatcher makes a pass.
    /// </summary>
    private static async Task<List<DispatchSummary>> StepAsync(DispatchHarness harness, DispatcherPresence survivor, OutboxDispatch dispatch, int steps, DispatcherPresence? alsoCheckingIn = null)
    {
        var passes = new List<DispatchSummary>();
        for (var i = 0; i < steps; i++)
        {
            harness.Time.Advance(harness.Options.CheckinInterval);
            await survivor.CheckInAsync(default);
            if (alsoCheckingIn is not null)
            {
                await alsoCheckingIn.CheckInAsync(default);
            }

            passes.Add(await dispatch.RunOnceAsync(default));
        }

        return passes;
    }

    /// <summary>Check-ins in PresumedDeadAfter: the steps after which a silent instance is still alive.</summary>
    private static int Intervals(DispatchHarness harness) => (int)(harness.Options.PresumedDeadAfter / harness.Options.CheckinInterval);

    private static async Task<DateTime> LastCheckinAsync(Database database)
    {
        await using var session = await database.SessionAsync(null, default);
        return await session.ScalarAsync<DateTime>("SELECT max(checked_in_at) FROM dispatcher_checkins");
    }

    private static async Task<long> CheckinsAsync(Database database)
    {
        await using var session = await database.SessionAsync(null, default);
        return await session.ScalarAsync<long>("SELECT count(*) FROM dispatcher_checkins");
    }
}
