using System.Collections.Concurrent;
using Unmentoring.Mail;
using Unmentoring.Storage;
using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Mail;

/// <summary>
/// The outbox counts kept by triggers (migration 0026) always equal counting the outbox itself: after several
/// dispatchers at once, retries, refusals, ambiguous sends, "send again", "mark as delivered" and deletions,
/// and (on PostgreSQL) with the changes folded while the dispatchers run.
/// </summary>
public sealed class OutboxStateCountsTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task KeptCounts_AfterEveryKindOfChangeByConcurrentDispatchers_EqualGroupByState(string provider)
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        await using var harness = await DispatchHarness.CreateAsync(provider);
        var people = await harness.QueueIntroductionsAsync([.. Enumerable.Repeat(2, 24)]);
        var counts = new OutboxStateCounts(harness.Database);
        await AssertCountsEqualAsync(harness, counts);

        // Every eighth person's server says "later" the first time, the next one's refuses, the next one's
        // drops the connection after the message (ambiguous); the rest accept.
        var verdicts = people.Select((p, i) => (p.Email, Verdict: (i % 8) switch { 1 => SmtpVerdict.TryLater, 2 => SmtpVerdict.Refuse, 3 => SmtpVerdict.DropAfterData, _ => SmtpVerdict.Accept }))
            .ToDictionary(x => x.Email, x => x.Verdict);
        var deferred = new ConcurrentDictionary<string, int>();
        server.Verdict = m =>
        {
            var to = m.To.Mailboxes.Single().Address;
            var verdict = verdicts[to];
            return verdict == SmtpVerdict.TryLater && deferred.AddOrUpdate(to, 1, (_, n) => n + 1) > 1 ? SmtpVerdict.Accept : verdict;
        };
        harness.Options.BatchSize = 4;
        var dispatchers = Enumerable.Range(0, 3).Select(_ => harness.Dispatch(DispatchHarness.Smtp(server))).ToList();
        using var folding = new CancellationTokenSource();
        var folder = provider == TestDatabase.Postgres ? Task.Run(() => FoldUntilAsync(counts, folding.Token)) : Task.CompletedTask;

        await Task.WhenAll(dispatchers.Select(d => Task.Run(() => DispatchHarness.RunUntilIdleAsync(d))));
        await AssertCountsEqualAsync(harness, counts);
        harness.Time.Advance(harness.Options.MaxBackoff);
        await Task.WhenAll(dispatchers.Select(d => Task.Run(() => DispatchHarness.RunUntilIdleAsync(d))));
        await folding.CancelAsync();
        await folder;

        var states = await GroupByStateAsync(harness);
        Assert.Equal(6, states["failed"]);
        Assert.Equal(6, states["ambiguous"]);
        Assert.Equal(36, states["sent"]);
        await AssertCountsEqualAsync(harness, counts);

        // An organiser sends the refused ones again (the server now accepts) and marks the ambiguous ones delivered.
        var actions = new FailedEmailActions(harness.Database, new AuditLog(harness.Database, harness.Time), Microsoft.Extensions.Options.Options.Create(harness.Options), harness.Time);
        var failed = await IdsAsync(harness, "failed");
        var ambiguous = await IdsAsync(harness, "ambiguous");
        Assert.All(await actions.SendAgainAsync(failed.ToHashSet(), "ada@council.example.gov.uk", default), r => Assert.True(r.Done, r.Refusal));
        await AssertCountsEqualAsync(harness, counts);
        Assert.All(await actions.MarkDeliveredAsync(ambiguous.ToHashSet(), "ada@council.example.gov.uk", default), r => Assert.True(r.Done, r.Refusal));
        await AssertCountsEqualAsync(harness, counts);
        server.Verdict = _ => SmtpVerdict.Accept;
        await Task.WhenAll(dispatchers.Select(d => Task.Run(() => DispatchHarness.RunUntilIdleAsync(d))));
        Assert.Equal(48, (await GroupByStateAsync(harness))["sent"]);
        await AssertCountsEqualAsync(harness, counts);

        // Retention deletes; a fold afterwards changes no count.
        await using (var connection = await harness.Database.OpenAsync())
        {
            await connection.ExecuteAsync("DELETE FROM outbox_messages WHERE id % 3 = 0", null, default);
        }

        await AssertCountsEqualAsync(harness, counts);
        if (provider == TestDatabase.Postgres)
        {
            await counts.FoldAsync(default);
            await AssertCountsEqualAsync(harness, counts);
            Assert.True(await ScalarAsync(harness, "SELECT count(*) FROM outbox_state_counts") <= 1, "a fold leaves one row per state");
        }
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task OutboxReport_CountsEveryStateFromTheKeptCounts(string provider)
    {
        await using var harness = await DispatchHarness.CreateAsync(provider);
        await harness.QueueIntroductionsAsync(2, 3);
        await using (var connection = await harness.Database.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE outbox_messages SET state = 'held' WHERE id IN (SELECT id FROM outbox_messages ORDER BY id LIMIT 2)", null, default);
        }

        var report = new OutboxReport(harness.Database, new OutboxStateCounts(harness.Database));
        var shown = await report.CountsAsync(default);

        Assert.Equal(OutboxReport.States, shown.Keys);
        Assert.Equal((3L, 2L, 0L), (shown["queued"], shown["held"], shown["sent"]));
    }

    private static async Task FoldUntilAsync(OutboxStateCounts counts, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await counts.FoldAsync(default);
            await Task.Delay(5, CancellationToken.None);
        }
    }

    private static async Task AssertCountsEqualAsync(DispatchHarness harness, OutboxStateCounts counts)
    {
        var kept = (await counts.ReadAsync(default)).Where(c => c.Value != 0).OrderBy(c => c.Key, StringComparer.Ordinal).ToList();
        var counted = (await GroupByStateAsync(harness)).OrderBy(c => c.Key, StringComparer.Ordinal).ToList();
        Assert.Equal(counted, kept);
    }

    private static async Task<Dictionary<string, long>> GroupByStateAsync(DispatchHarness harness)
    {
        await using var session = await harness.Database.SessionAsync(null, default);
        var rows = await session.QueryAsync<StateRow>("SELECT state, count(*) AS count FROM outbox_messages GROUP BY state");
        return rows.ToDictionary(r => r.State, r => r.Count);
    }

    private static async Task<List<long>> IdsAsync(DispatchHarness harness, string state)
    {
        await using var session = await harness.Database.SessionAsync(null, default);
        return await session.QueryAsync<long>("SELECT id FROM outbox_messages WHERE state = @state", new { state });
    }

    private static async Task<long> ScalarAsync(DispatchHarness harness, string sql)
    {
        await using var session = await harness.Database.SessionAsync(null, default);
        return await session.ScalarAsync<long>(sql);
    }

    private sealed class StateRow
    {
        public string State { get; init; } = "";

        public long Count { get; init; }
    }
}
