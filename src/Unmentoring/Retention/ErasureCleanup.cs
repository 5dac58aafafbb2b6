using System.Data;
using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using Unmentoring.Storage;

namespace Unmentoring.Retention;

/// <summary>
/// Makes erased data unreadable in the database's own files, off the request path. An UPDATE or DELETE
/// leaves the old row behind: on PostgreSQL as a dead row version in the table's pages (a plain VACUUM marks
/// its space free but does not overwrite it), on SQLite on freed whole pages and in older frames of the
/// write-ahead log (secure_delete = FAST, set on every connection, zeroes freed space only inside the pages a
/// change writes anyway). So, when erasures are due (the trigger of migration 0012 records each), PostgreSQL
/// rewrites the touched tables (VACUUM FULL) and SQLite rebuilds its file (VACUUM) and empties its log.
/// See docs/adr/0019-erasure-and-retention.md.
/// </summary>
internal sealed class ErasureCleanup(Database database, ILogger<ErasureCleanup> logger)
{
    /// <summary>The tables an erasure or a purge rewrites or deletes rows of.</summary>
    internal static readonly IReadOnlyList<string> TouchedTables = ["participants", "outbox_messages", "tokens", "feedback", "exclusions", "match_reports", "audit_log"];

    /// <summary>How long the rewrite waits for a table's lock; a busy table is left for the next run rather than queueing every query behind it.</summary>
    private const string LockTimeout = "10s";

    /// <summary>
    /// Cleans the files if an erasure is waiting for it (each erasure waits for two clean-ups), or whenever <paramref name="evenIfNoneDue"/> (after a
    /// purge changed something). Returns whether it cleaned; false also when a table was busy (it tries again next time).
    /// </summary>
    public async Task<bool> RunAsync(bool evenIfNoneDue, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var dueUpTo = await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT max(id) FROM erasure_cleanups_due", cancellationToken: cancellationToken));
        if (dueUpTo is null && !evenIfNoneDue)
        {
            return false;
        }

        var cleaned = database.Provider == DatabaseProvider.Postgres
            ? await RewriteTablesAsync(connection, cancellationToken)
            : await RebuildSqliteFileAsync(connection, cancellationToken);
        if (cleaned && dueUpTo is not null)
        {
            // Two rewrites an interval apart: a transaction that was open during the first (a round being
            // written, an ANALYZE, or any transaction in another database of the same cluster, since the
            // rewrite's own snapshot starts at the oldest one running anywhere) keeps the old version alive
            // through it, but not through the second.
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM erasure_cleanups_due WHERE id <= @id AND passes >= 1; UPDATE erasure_cleanups_due SET passes = passes + 1 WHERE id <= @id",
                new { id = dueUpTo },
                cancellationToken: cancellationToken));
        }

        return cleaned;
    }

    private async Task<bool> RewriteTablesAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition($"SET lock_timeout = '{LockTimeout}'", cancellationToken: cancellationToken));
        try
        {
            // VACUUM runs outside a transaction, one table at a time; FULL writes each into a new file and
            // drops the old one, which takes the dead versions (and their index entries) with it.
            await connection.ExecuteAsync(new CommandDefinition($"VACUUM (FULL) {string.Join(", ", TouchedTables)}", commandTimeout: 0, cancellationToken: cancellationToken));
            logger.LogInformation("Rewrote {Tables} after erasures", string.Join(", ", TouchedTables));
            return true;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            logger.LogWarning("Erasure clean-up postponed: a table was busy for {Timeout}; trying again at the next run", LockTimeout);
            return false;
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition("RESET lock_timeout", cancellationToken: CancellationToken.None));
        }
    }

    private async Task<bool> RebuildSqliteFileAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // Every connection zeroes what a change frees inside the pages it writes (secure_delete = FAST), but
        // not whole pages a change frees: an overflow page of a long value, a page emptied by many erasures.
        // VACUUM writes the live rows into a new copy of the database and puts it in place of the old, so no
        // free page is left. It waits for other writers (the connection's busy timeout); a writer that holds
        // on longer postpones the clean-up to the next run.
        try
        {
            await connection.ExecuteAsync(new CommandDefinition("VACUUM", commandType: CommandType.Text, commandTimeout: 0, cancellationToken: cancellationToken));
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is SqliteBusy or SqliteLocked)
        {
            logger.LogWarning("Erasure clean-up postponed: the SQLite database was busy; trying again at the next run");
            return false;
        }

        // In WAL mode the rebuilt pages, and the older frames holding erased rows, are in the log until a
        // checkpoint. TRUNCATE copies every frame into the database file and cuts the log to nothing; a reader
        // in the middle of a transaction makes it report busy, and then the next run tries again. The first
        // column of its one row says whether a reader kept it from finishing.
        var busy = await connection.ExecuteScalarAsync<long>(new CommandDefinition("PRAGMA wal_checkpoint(TRUNCATE)", cancellationToken: cancellationToken)) != 0;
        if (busy)
        {
            logger.LogWarning("Erasure clean-up postponed: the SQLite log could not be emptied while others were reading; trying again at the next run");
        }

        return !busy;
    }

    // SQLITE_BUSY and SQLITE_LOCKED (https://www.sqlite.org/rescode.html).
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
}
