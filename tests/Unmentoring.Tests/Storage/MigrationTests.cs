using Unmentoring.Storage;
using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Storage;

public sealed class MigrationTests
{
    private static readonly string[] Tables =
    [
        "participants", "exclusions", "rules_versions", "rounds", "round_groups", "group_members", "round_outcomes",
        "outbox_messages", "tokens", "feedback", "audit_log", "data_protection_keys", "schema_version",
    ];

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Migrate_EmptyDatabase_CreatesEveryTableAndRecordsEachVersion(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);

        var applied = await db.MigrateAsync();

        Assert.Equal(Migrator.For(db.Database.Provider).Select(m => m.Name), applied);
        Assert.Superset(Tables.ToHashSet(), (await TableNamesAsync(db)).ToHashSet());
        var versions = await new Migrator(db.Database, Microsoft.Extensions.Logging.Abstractions.NullLogger<Migrator>.Instance, TimeProvider.System).AppliedAsync();
        Assert.Equal(Migrator.For(db.Database.Provider).Select(m => m.Version), versions);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Migrate_RunTwice_SecondRunAppliesNothing(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var before = await TableNamesAsync(db);

        var applied = await db.MigrateAsync();

        Assert.Empty(applied);
        Assert.Equal(before, await TableNamesAsync(db));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Migrate_SeveralAtOnce_AppliesEachMigrationExactlyOnce(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);

        // Separate Database objects, as separate instances would have.
        var instances = Enumerable.Range(0, 6).Select(_ => provider == TestDatabase.Postgres
            ? Database.ForPostgres(db.PostgresConnectionString!)
            : Database.ForSqlite(Path.Combine(db.DataDirectory, StorageServices.SqliteFileName))).ToList();
        var results = await Task.WhenAll(instances.Select(instance =>
            Task.Run(() => new Migrator(instance, Microsoft.Extensions.Logging.Abstractions.NullLogger<Migrator>.Instance, TimeProvider.System).MigrateAsync())));

        var all = Migrator.For(db.Database.Provider).Select(m => m.Name).ToList();
        Assert.Equal(all, results.SelectMany(r => r).Order(StringComparer.Ordinal));
        await using var connection = await db.Database.OpenAsync();
        Assert.Equal(all.Count, await connection.ScalarAsync<long>("SELECT count(*) FROM schema_version", null, default));
        foreach (var instance in instances)
        {
            await instance.DisposeAsync();
        }
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Migrate_0011_IntroductionsWaitingToBeRenderedGetTheirGroupFromTheRound(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        var migrator = new Migrator(db.Database, Microsoft.Extensions.Logging.Abstractions.NullLogger<Migrator>.Instance, TimeProvider.System);
        await migrator.MigrateAsync(upTo: 10);

        // A round written before 0011: two groups, an introduction per member without content, a sit-out notice,
        // and a sign-up confirmation stored whole.
        var now = DateTime.UtcNow;
        await using var connection = await db.Database.OpenAsync();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await db.Database.BulkInsertAsync(transaction,
                "participants",
                ["public_id", "email", "name", "organisation", "cadence", "status", "consent_basis", "consent_text_version", "consent_at", "created_at", "confirmed_at", "updated_at"],
                Enumerable.Range(1, 5).Select(i => new object?[] { $"public-{i}", $"p{i}@org{i}.example", $"Person {i}", $"Organisation {i}", "monthly", "active", "form", "test", now, now, now, now }),
                default);
            await connection.ExecuteAsync("INSERT INTO rules_versions (version, rules, changed_by, changed_at, change) VALUES (1, '{}', 'test', @now, 'first')", transaction, default, ("now", now));
            var round = await connection.ScalarAsync<long>(
                "INSERT INTO rounds (period, round_number, seed, rules_version, status, round_date, planned_at) VALUES ('2026-12', 1, 1, 1, 'approved', @date, @now) RETURNING id",
                transaction,
                default,
                ("date", new DateOnly(2026, 12, 7)),
                ("now", now));
            var ids = await IdsByEmailAsync(connection, transaction);
            long Id(int i) => ids[$"p{i}@org{i}.example"];
            await db.Database.BulkInsertAsync(transaction, "round_groups", ["round_id", "group_number", "arranger_id"], [[round, 1, Id(3)], [round, 2, Id(2)]], default);
            await db.Database.BulkInsertAsync(transaction, "group_members", ["round_id", "group_number", "participant_id"], [[round, 1, Id(3)], [round, 1, Id(1)], [round, 2, Id(2)], [round, 2, Id(4)]], default);
            string[] columns = ["idempotency_key", "kind", "round_id", "participant_id", "state", "created_at", "next_attempt_at"];
            await db.Database.BulkInsertAsync(transaction,
                "outbox_messages",
                columns,
                [.. new[] { 1, 2, 3, 4 }.Select(i => new object?[] { $"round:{round}:introduction:{Id(i)}", "introduction", round, Id(i), "pending", now, now }),
                    [$"round:{round}:satOut:{Id(5)}", "satOut", round, Id(5), "pending", now, now]],
                default);
            await connection.ExecuteAsync(
                "INSERT INTO outbox_messages (idempotency_key, kind, participant_id, recipient, subject, text_body, state, created_at, next_attempt_at) VALUES ('confirm', 'confirmSignUp', @p, 'p5@org5.example', 'Confirm', 'Body', 'sent', @now, @now)",
                transaction,
                default,
                ("p", Id(5)),
                ("now", now));
            await transaction.CommitAsync();
        }

        Assert.Equal(["0011_outbox_group_number.sql"], await migrator.MigrateAsync(upTo: 11));

        var groups = new Dictionary<string, int?>();
        await using (var command = connection.Command("SELECT p.email, o.group_number FROM outbox_messages o JOIN participants p ON p.id = o.participant_id WHERE o.kind <> 'confirmSignUp'"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                groups[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetInt32(1);
            }
        }

        Assert.Equal(
            new Dictionary<string, int?> { ["p1@org1.example"] = 1, ["p2@org2.example"] = 2, ["p3@org3.example"] = 1, ["p4@org4.example"] = 2, ["p5@org5.example"] = null },
            groups);
        Assert.Null(await connection.ScalarAsync<long?>("SELECT group_number FROM outbox_messages WHERE kind = 'confirmSignUp'", null, default));
    }

    private static async Task<Dictionary<string, long>> IdsByEmailAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction)
    {
        var ids = new Dictionary<string, long>();
        await using var command = connection.Command("SELECT email, id FROM participants", transaction);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids[reader.GetString(0)] = reader.GetInt64(1);
        }

        return ids;
    }

    private static async Task<List<string>> TableNamesAsync(TestDatabase db)
    {
        var sql = db.Provider == TestDatabase.Postgres
            ? "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name"
            : "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
        await using var connection = await db.Database.OpenAsync();
        await using var command = connection.Command(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
