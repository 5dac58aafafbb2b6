using Microsoft.Extensions.Logging.Abstractions;
using Unmentoring.Storage;

namespace Unmentoring.Tests.Support;

/// <summary>
/// A fresh, migrated database on one provider for one test: a SQLite file in a temp folder, or a new
/// database on the test PostgreSQL. PostgreSQL tests are skipped (with how to enable them) only outside
/// CI; under CI=true a missing PostgreSQL fails them.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    private readonly PostgresServer? _server;

    private TestDatabase(string provider, string dataDirectory, string? postgresConnectionString, PostgresServer? server, TimeProvider time)
    {
        Provider = provider;
        DataDirectory = dataDirectory;
        PostgresConnectionString = postgresConnectionString;
        _server = server;
        Database = postgresConnectionString is null
            ? Database.ForSqlite(Path.Combine(dataDirectory, StorageServices.SqliteFileName))
            : Database.ForPostgres(postgresConnectionString);
        Time = time;
    }

    public string Provider { get; }

    /// <summary>A temp folder for the data (the SQLite file, the pickup folder), removed afterwards.</summary>
    public string DataDirectory { get; }

    public string? PostgresConnectionString { get; }

    internal Database Database { get; }

    public TimeProvider Time { get; }

    /// <summary>The settings that point a host at this database.</summary>
    public Dictionary<string, string?> Settings => new()
    {
        ["Unmentoring:DataDirectory"] = DataDirectory,
        ["ConnectionStrings:Postgres"] = PostgresConnectionString,
    };

    public static TheoryData<string> Providers => new() { Sqlite, Postgres };

    public static async Task<TestDatabase> CreateAsync(string provider, TimeProvider? time = null, bool migrate = true)
    {
        var folder = Directory.CreateTempSubdirectory("unmentoring-test-").FullName;
        string? connectionString = null;
        PostgresServer? server = null;
        if (provider == Postgres)
        {
            var why = PostgresServer.WhyUnavailable();
            Skip.If(why is not null && !PostgresServer.InCi, why);
            server = await PostgresServer.GetAsync();
            connectionString = await server.CreateDatabaseAsync();
        }

        var database = new TestDatabase(provider, folder, connectionString, server, time ?? TimeProvider.System);
        if (migrate)
        {
            await database.MigrateAsync();
        }

        return database;
    }

    internal Task<IReadOnlyList<string>> MigrateAsync() =>
        new Migrator(Database, NullLogger<Migrator>.Instance, Time).MigrateAsync();

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        if (_server is not null && PostgresConnectionString is not null)
        {
            await _server.DropDatabaseAsync(PostgresConnectionString);
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
