using System.Data.Common;
using System.Globalization;
using Dapper;
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
/// understand and ask <see cref="Provider"/>, and nothing else, where they differ (docs/adr/0017-data-access.md).
/// </summary>
internal sealed class Database : IAsyncDisposable
{
    private readonly NpgsqlDataSource? _postgres;
    private readonly string? _sqlite;
    private readonly string? _sqliteUnsynced;

    static Database() => RowMapping.Configure();

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
        // would also throw away the plans of the foreign-key checks: much less of PostgreSQL's CPU per
        // sign-up (figures in docs/benchmarks.md). Behind a pooler that cannot keep prepared statements,
        // set Max Auto Prepare=0.
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

    /// <summary>
    /// Deleted and overwritten content is zeroed where that costs no extra writes: inside the b-tree pages a
    /// statement writes anyway. Whole pages that a change frees (an overflow page of a long value, a page
    /// emptied by many erasures) go to the freelist as they were, and the erasure clean-up's VACUUM rebuilds
    /// the file without them (ErasureCleanup; docs/adr/0019-erasure-and-retention.md). Full zeroing
    /// (<c>ON</c>) would write those pages on every outbox mark instead.
    /// </summary>
    private const string SecureDelete = "PRAGMA secure_delete = FAST";

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken);
        }

        var connection = new SqliteConnection(_sqlite);
        await connection.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(SecureDelete, cancellationToken: cancellationToken));
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
        await connection.ExecuteAsync(new CommandDefinition("PRAGMA synchronous = NORMAL; " + SecureDelete, cancellationToken: cancellationToken));
        return connection;
    }

    /// <summary>
    /// The connection for one store call: the caller's, inside <paramref name="transaction"/>, when a caller
    /// composes several calls into one transaction; otherwise a pooled connection of its own.
    /// </summary>
    public async Task<DbSession> SessionAsync(DbTransaction? transaction, CancellationToken cancellationToken)
    {
        if (transaction is not null)
        {
            return new DbSession(transaction.Connection ?? throw new InvalidOperationException("The transaction has already ended."), transaction, owned: false, cancellationToken);
        }

        return new DbSession(await OpenAsync(cancellationToken), null, owned: true, cancellationToken);
    }

    /// <summary>
    /// "<paramref name="column"/> is one of <paramref name="ids"/>" with the ids in one parameter, added to
    /// <paramref name="parameters"/>: an array on PostgreSQL, a JSON array on SQLite. The statement's text is
    /// the same however many ids there are, so it is prepared once and planned quickly, where an IN list of a
    /// parameter per id is a new statement for every count (and thousands of ids are slow to plan).
    /// </summary>
    public string OneOf(string column, string name, IEnumerable<long> ids, DynamicParameters parameters)
    {
        if (Provider == DatabaseProvider.Postgres)
        {
            parameters.Add(name, ids.ToArray());
            return $"{column} = ANY(@{name})";
        }

        parameters.Add(name, "[" + string.Join(",", ids.Select(id => id.ToString(CultureInfo.InvariantCulture))) + "]");
        return $"{column} IN (SELECT value FROM json_each(@{name}))";
    }

    /// <summary>
    /// Whether the database refused a row because a unique index or primary key already had its key, told
    /// by the provider's error code (PostgreSQL's SQLSTATE 23505; SQLite's extended codes for a unique or
    /// primary-key constraint), never by the words of the message.
    /// </summary>
    public static bool IsUniqueViolation(DbException exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey,
        _ => false,
    };

    // SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY (https://www.sqlite.org/rescode.html).
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

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
