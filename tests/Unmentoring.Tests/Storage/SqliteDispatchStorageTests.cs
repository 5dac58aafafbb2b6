using Unmentoring.Storage;
using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Storage;

/// <summary>What the dispatcher relies on from the embedded SQLite database (docs/adr/0008).</summary>
public sealed class SqliteDispatchStorageTests
{
    [Fact]
    public async Task OpenUnsynced_ThenOrdinaryConnections_OnlyTheUnsyncedOnesSkipTheSync()
    {
        await using var db = await TestDatabase.CreateAsync(TestDatabase.Sqlite);

        // Several rounds, so pooled connections are handed out again.
        for (var i = 0; i < 3; i++)
        {
            await using (var unsynced = await db.Database.OpenUnsyncedAsync())
            {
                Assert.Equal(1L, await unsynced.ScalarAsync<long>("PRAGMA synchronous", null, default)); // NORMAL
            }

            await using var ordinary = await db.Database.OpenAsync();
            Assert.Equal(2L, await ordinary.ScalarAsync<long>("PRAGMA synchronous", null, default)); // FULL
            Assert.Equal("wal", await ordinary.ScalarAsync<string>("PRAGMA journal_mode", null, default));
        }
    }

    [Fact]
    public async Task ClaimCondition_OnSqlite_IsServedByAnIndexNotAScanOfEveryEmail()
    {
        await using var db = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var connection = await db.Database.OpenAsync();

        // The claim's own look-up: SQLite uses a partial index only when the query names the index's own
        // condition, so a mismatch silently reads every row, bodies included.
        await using var command = connection.Command("EXPLAIN QUERY PLAN " + Unmentoring.Mail.OutboxQueue.DueSelect, null, ("now", DateTime.UtcNow), ("batch", 50));
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(3));
            }
        }

        Assert.Contains(plan, step => step.Contains("USING INDEX outbox_claimable", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN outbox_messages", StringComparison.Ordinal) || step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }
}
