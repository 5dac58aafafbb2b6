using System.Data.Common;
using System.Globalization;
using Npgsql;
using Unmentoring.Rounds;
using Unmentoring.Storage;
using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Rounds;

/// <summary>Two real service processes sharing one PostgreSQL, as a deployment with two instances would.</summary>
public sealed class ClusterTests
{
    /// <summary>What the round's transaction writes before its audit row (RoundService.WriteAsync, in that order).</summary>
    private static readonly string[] WrittenBeforeTheAuditRow = ["rounds", "round_groups", "group_members", "round_outcomes", "outbox_messages"];

    [SkippableFact]
    public async Task TwoInstances_DueTrigger_InstanceRunningTheRoundIsKilled_TheOtherCompletesItOnce()
    {
        await using var db = await TestDatabase.CreateAsync(TestDatabase.Postgres);
        const int people = 20_000;
        await SeedAsync(db, people);

        // Due a few seconds after both instances have started, in UTC so the period is today's.
        var due = DateTimeOffset.UtcNow.AddSeconds(12);
        var rules = new RulesStore(db.Database, TimeProvider.System);
        var current = await rules.CurrentAsync();
        var cron = string.Create(CultureInfo.InvariantCulture, $"{due.Second} {due.Minute} {due.Hour} {due.Day} {due.Month} ? {due.Year}");
        await rules.SaveAsync(current.Rules.Set("scheduleCron", cron).Set("timeZone", "UTC"), "test", "due soon", current.Version);

        // The round's audit row is the last thing its transaction writes. A SHARE lock on audit_log (which
        // conflicts with the ROW EXCLUSIVE lock of an INSERT) stops the instance running the round right there,
        // with the round, its groups, memberships, outcomes and emails written but not committed. It is taken
        // before either instance starts, so no firing can get past it.
        await using var blocker = await db.Database.OpenAsync();
        await using var hold = await blocker.BeginTransactionAsync();
        await blocker.ExecuteAsync("SET LOCAL idle_in_transaction_session_timeout = 0", hold, default);
        await blocker.ExecuteAsync("LOCK TABLE audit_log IN SHARE MODE", hold, default);

        // The service keeps the Application Name it is given, so pg_stat_activity tells the instances apart.
        using var first = ServiceProcess.Start(["serve", "--urls", "http://127.0.0.1:0"], InstanceSettings(db, "unmentoring-first"));
        using var second = ServiceProcess.Start(["serve", "--urls", "http://127.0.0.1:0"], InstanceSettings(db, "unmentoring-second"));
        string Logs() => $"\n--- first ---\n{string.Join("\n", first.Lines.TakeLast(30))}\n--- second ---\n{string.Join("\n", second.Lines.TakeLast(30))}";

        await using var watcher = await db.Database.OpenAsync();
        BlockedRound? midRound = null;
        Assert.True(
            await EventuallyAsync(async () => (midRound = await FindBlockedRoundAsync(watcher)) is not null, TimeSpan.FromSeconds(90)),
            "No instance reached the round's audit row." + Logs());
        var killed = midRound!.ApplicationName == "unmentoring-first" ? first : second;
        var survivor = killed == first ? second : first;

        // Mid-round: inside the round's transaction, which has written every table before the audit row and
        // committed none of it.
        Assert.Equal("active", midRound.State);
        Assert.True(midRound.InTransaction);
        Assert.NotNull(midRound.TransactionId);
        Assert.StartsWith("INSERT INTO audit_log", midRound.Query, StringComparison.Ordinal);
        Assert.Superset(WrittenBeforeTheAuditRow.ToHashSet(), midRound.TablesWritten.ToHashSet());
        Assert.Equal(0, await watcher.ScalarAsync<long>("SELECT count(*) FROM rounds", null, default));

        killed.Kill();
        Assert.True(await EventuallyAsync(() => Task.FromResult(killed.HasExited), TimeSpan.FromSeconds(10)), "The killed instance did not exit." + Logs());

        // The killed instance's backend does not notice its client is gone while it waits for the lock (that
        // would take client_connection_check_interval, off by default), so its transaction stays open, as it
        // would for a machine that vanished until keepalives give up on it. Meanwhile the survivor finds the
        // killed instance missing its check-ins, fires the job again (recovering), plans the same period and
        // waits on the dead transaction's uncommitted round at the unique period.
        Assert.True(
            await EventuallyAsync(async () => await watcher.ScalarAsync<long>(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = @survivor AND query LIKE 'INSERT INTO rounds%' AND @killed = ANY(pg_blocking_pids(pid))",
                null,
                default,
                ("survivor", midRound.ApplicationName == "unmentoring-first" ? "unmentoring-second" : "unmentoring-first"),
                ("killed", midRound.Pid)) > 0, TimeSpan.FromSeconds(60)),
            "The surviving instance did not recover the round and wait on the killed instance's transaction." + Logs());

        // Released, the killed instance's backend finishes its INSERT, finds the socket closed when it answers
        // or reads the next command, and exits, aborting the round's transaction; the survivor's INSERT goes on.
        await hold.RollbackAsync();
        Assert.True(
            await EventuallyAsync(async () => await watcher.ScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE pid = @pid", null, default, ("pid", midRound.Pid)) == 0, TimeSpan.FromSeconds(30)),
            $"The killed instance's backend {midRound.Pid} is still there after the lock was released." + Logs());

        var period = Period.Of(DateOnly.FromDateTime(due.UtcDateTime)).ToString();
        Assert.True(
            await EventuallyAsync(async () => survivor.Lines.Any(l => l.Contains("Planned the", StringComparison.Ordinal)) && await watcher.ScalarAsync<long>("SELECT count(*) FROM rounds WHERE period = @p", null, default, ("p", period)) == 1, TimeSpan.FromSeconds(90)),
            "The surviving instance did not complete the round." + Logs());

        Assert.False(survivor.HasExited);
        Assert.Contains(killed.Lines, l => l.Contains("Round trigger fired", StringComparison.Ordinal) && !l.Contains("recovering", StringComparison.Ordinal));
        Assert.DoesNotContain(killed.Lines, l => l.Contains("Planned the", StringComparison.Ordinal));
        Assert.Contains(survivor.Lines, l => l.Contains("Round trigger fired", StringComparison.Ordinal) && l.Contains("recovering", StringComparison.Ordinal));
        Assert.Equal(1, await watcher.ScalarAsync<long>("SELECT count(*) FROM rounds", null, default));
        Assert.Equal(people, await watcher.ScalarAsync<long>("SELECT count(*) FROM round_outcomes", null, default));
        Assert.Equal(people, await watcher.ScalarAsync<long>("SELECT count(DISTINCT participant_id) FROM round_outcomes", null, default));
        Assert.Equal(people, await watcher.ScalarAsync<long>("SELECT count(DISTINCT participant_id) FROM group_members", null, default) + await watcher.ScalarAsync<long>("SELECT count(*) FROM round_outcomes WHERE outcome <> 'paired'", null, default));
        Assert.Equal(people, await watcher.ScalarAsync<long>("SELECT count(*) FROM outbox_messages", null, default));
        Assert.Equal(people, await watcher.ScalarAsync<long>("SELECT count(DISTINCT idempotency_key) FROM outbox_messages", null, default));
        Assert.Equal(1, await watcher.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'round.planned'", null, default));
    }

    private static Dictionary<string, string?> InstanceSettings(TestDatabase db, string applicationName) => new()
    {
        ["ConnectionStrings__Postgres"] = new NpgsqlConnectionStringBuilder(db.PostgresConnectionString) { ApplicationName = applicationName }.ConnectionString,
        ["Unmentoring__DataDirectory"] = db.DataDirectory,
        ["Unmentoring__Roles__Dispatcher"] = "false",
        ["Unmentoring__Scheduler__CheckinInterval"] = "00:00:01",
        ["Unmentoring__Scheduler__CheckinMisfireThreshold"] = "00:00:03",
        ["Unmentoring__Scheduler__RulesCheckInterval"] = "00:00:01",
    };

    /// <summary>A service instance's backend waiting for the lock on audit_log, and the tables its transaction has inserted into.</summary>
    private sealed record BlockedRound(int Pid, string ApplicationName, string State, bool InTransaction, string? TransactionId, string Query, string[] TablesWritten);

    private static async Task<BlockedRound?> FindBlockedRoundAsync(DbConnection connection)
    {
        await using var command = connection.Command(
            """
            SELECT a.pid, a.application_name, a.state, a.xact_start IS NOT NULL, a.backend_xid::text, a.query,
                   ARRAY(SELECT c.relname::text FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                         WHERE l.pid = a.pid AND l.granted AND l.mode = 'RowExclusiveLock' AND c.relkind = 'r')
            FROM pg_stat_activity a
            WHERE a.datname = current_database()
              AND a.application_name IN ('unmentoring-first', 'unmentoring-second')
              AND a.wait_event_type = 'Lock'
              AND EXISTS (SELECT FROM pg_locks w WHERE w.pid = a.pid AND NOT w.granted AND w.relation = 'audit_log'::regclass)
            """);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync()
            ? new BlockedRound(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetBoolean(3), reader.NullableString(4), reader.GetString(5), reader.GetFieldValue<string[]>(6))
            : null;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> has passed.</summary>
    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(100);
        }

        return true;
    }

    private static async Task SeedAsync(TestDatabase db, int count)
    {
        await using var connection = await db.Database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var now = DateTime.UtcNow;
        await db.Database.BulkInsertAsync(transaction,
            "participants",
            ["public_id", "email", "name", "organisation", "cadence", "status", "consent_basis", "consent_text_version", "consent_at", "created_at", "confirmed_at", "updated_at"],
            Enumerable.Range(0, count).Select(i => new object?[]
            {
                Guid.NewGuid().ToString(), $"p{i}@org{i / 20}.example", $"Person {i}", $"Organisation {i / 20}", "monthly", "active", "form", "test", now, now, now, now,
            }),
            default);
        await transaction.CommitAsync();
    }
}
