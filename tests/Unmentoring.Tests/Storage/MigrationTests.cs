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
