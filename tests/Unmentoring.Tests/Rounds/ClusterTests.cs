using System.Globalization;
using Unmentoring.Rounds;
using Unmentoring.Storage;
using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Rounds;

/// <summary>Two real service processes sharing one PostgreSQL, as a deployment with two instances would.</summary>
public sealed class ClusterTests
{
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
        var environment = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Postgres"] = db.PostgresConnectionString,
            ["Unmentoring__DataDirectory"] = db.DataDirectory,
            ["Unmentoring__Roles__Dispatcher"] = "false",
            ["Unmentoring__Scheduler__CheckinInterval"] = "00:00:01",
            ["Unmentoring__Scheduler__CheckinMisfireThreshold"] = "00:00:03",
            ["Unmentoring__Scheduler__RulesCheckInterval"] = "00:00:01",
        };

        using var first = ServiceProcess.Start(["serve", "--urls", "http://127.0.0.1:0"], environment);
        using var second = ServiceProcess.Start(["serve", "--urls", "http://127.0.0.1:0"], environment);
        ServiceProcess.Running? killed = null;
        var gate = new object();
        void KillTheOneThatFires(ServiceProcess.Running instance, string line)
        {
            if (!line.Contains("Round trigger fired", StringComparison.Ordinal))
            {
                return;
            }

            lock (gate)
            {
                if (killed is null)
                {
                    killed = instance;
                    instance.Kill();
                }
            }
        }

        first.Line += KillTheOneThatFires;
        second.Line += KillTheOneThatFires;

        var period = Period.Of(DateOnly.FromDateTime(due.UtcDateTime)).ToString();
        var completed = false;
        for (var attempt = 0; attempt < 240 && !completed; attempt++)
        {
            await Task.Delay(250);
            await using var connection = await db.Database.OpenAsync();
            completed = await connection.ScalarAsync<long>("SELECT count(*) FROM rounds WHERE period = @p", null, default, ("p", period)) == 1
                && killed is not null
                && (killed == first ? second : first).Lines.Any(l => l.Contains("Planned the", StringComparison.Ordinal) || l.Contains("planned by another instance", StringComparison.Ordinal));
        }

        var survivor = killed == first ? second : first;
        Assert.True(killed is not null, "No instance fired the trigger. " + string.Join("\n", first.Lines.Concat(second.Lines).TakeLast(40)));
        Assert.True(completed, "The surviving instance did not complete the round:\n" + string.Join("\n", survivor.Lines.TakeLast(40)));
        Assert.False(survivor.HasExited);
        Assert.Contains(survivor.Lines, l => l.Contains("Round trigger fired", StringComparison.Ordinal) && l.Contains("recovering", StringComparison.Ordinal));
        await using (var connection = await db.Database.OpenAsync())
        {
            Assert.Equal(1, await connection.ScalarAsync<long>("SELECT count(*) FROM rounds", null, default));
            Assert.Equal(people, await connection.ScalarAsync<long>("SELECT count(*) FROM round_outcomes", null, default));
            Assert.Equal(people, await connection.ScalarAsync<long>("SELECT count(DISTINCT participant_id) FROM group_members", null, default) + await connection.ScalarAsync<long>("SELECT count(*) FROM round_outcomes WHERE outcome <> 'paired'", null, default));
            Assert.Equal(people, await connection.ScalarAsync<long>("SELECT count(DISTINCT idempotency_key) FROM outbox_messages", null, default));
            Assert.Equal(1, await connection.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'round.planned'", null, default));
        }
    }

    private static async Task SeedAsync(TestDatabase db, int count)
    {
        await using var connection = await db.Database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var now = DateTime.UtcNow;
        await BulkInsert.WriteAsync(
            connection,
            transaction,
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
