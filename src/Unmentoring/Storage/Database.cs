using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Unmentoring.Storage;

internal enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The one way into storage: SQLite (a file in the data folder) unless <c>ConnectionStrings:Postgres</c> is
/// set, then PostgreSQL through one shared <see cref="NpgsqlDataSource"/>. Stores write SQL that both
/// understand and ask <see cref="Provider"/> where they differ.
/// </summary>
internal sealed class Database : IAsyncDisposable
{
    private readonly NpgsqlDataSource? _postgres;
    private readonly string? _sqlite;
    private readonly string? _sqliteUnsynced;

    private Database(NpgsqlDataSource? postgres, string? sqlite, string? sqliteUnsynced, string description)
    {
        _postgres = postgres;
        _sqlite = sqlite;
        _sqliteUnsynced = sqliteUnsynced;
        Description = description;
    }

    public DatabaseProvider Provider => _postgres is null ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres;

    /// <summary>Where the data is, for people: a file path or a host and database, never a password.</summary>
    public string Description { get; }

    public static Database ForPostgres(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);

        // A node that dies holding a Quartz row lock must not stall the cluster (quartznet#3764): keepalives
        // let the server notice a dead client.
        if (builder.KeepAlive == 0)
        {
            builder.KeepAlive = 30;
        }

        // Statements used often are prepared once per pooled connection: PostgreSQL then neither parses nor
        // plans them again, and a connection going back to the pool is reset without DISCARD ALL, which
        // would also throw away the plans of the foreign-key checks. Together that nearly halves
        // PostgreSQL's CPU per sign-up (docs/benchmarks.md). Behind a pooler that cannot keep prepared
        // statements, set Max Auto Prepare=0.
        if (!builder.ShouldSerialize("Max Auto Prepare"))
        {
            builder.MaxAutoPrepare = 32;
        }

        var description = $"PostgreSQL database {builder.Database} on {builder.Host}:{builder.Port}";
        return new Database(new NpgsqlDataSourceBuilder(builder.ConnectionString).Build(), null, null, description);
    }

    public static Database ForSqlite(string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = file,
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = 30,
        };
        var unsynced = new SqliteConnectionStringBuilder(builder.ConnectionString) { Mode = SqliteOpenMode.ReadWrite };
        return new Database(null, builder.ConnectionString, unsynced.ConnectionString, $"SQLite database {Path.GetFullPath(file)}");
    }

    /// <summary>Deleted and overwritten content is zeroed in the file, not left in free space (erasure: ADR 0019).</summary>
    private const string SecureDelete = "PRAGMA secure_delete = ON";

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken);
        }

        var connection = new SqliteConnection(_sqlite);
        await connection.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(SecureDelete, null, cancellationToken);
        return connection;
    }

    /// <summary>
    /// A connection whose SQLite commits are not synced to disk one by one (<c>synchronous = NORMAL</c> in WAL
    /// mode): they survive the process crashing but not the machine, until the next synced commit or
    /// checkpoint. Only for the dispatcher's per-message bookkeeping; see
    /// docs/adr/0008-sqlite-synchronous-normal-for-dispatch.md. PostgreSQL connections are the usual ones.
    /// </summary>
    public async Task<DbConnection> OpenUnsyncedAsync(CancellationToken cancellationToken = default)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken);
        }

        // Its own pool (the connection string differs in Mode; the file exists by then), so the setting,
        // which a pooled connection keeps, never reaches a connection that other writes use.
        var connection = new SqliteConnection(_sqliteUnsynced);
        await connection.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("PRAGMA synchronous = NORMAL; " + SecureDelete, null, cancellationToken);
        return connection;
    }

    /// <summary>Runs <paramref name="work"/> in one transaction, committed only if it returns.</summary>
    public async Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    public NpgsqlDataSource? PostgresDataSource => _postgres;

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        if (_sqlite is not null)
        {
            SqliteConnection.ClearAllPools();
        }
    }
}
