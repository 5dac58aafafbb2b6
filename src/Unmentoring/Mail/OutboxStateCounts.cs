using Unmentoring.Storage;

namespace Unmentoring.Mail;

/// <summary>
/// How many emails are in each stored state, read from the counts that triggers keep beside the outbox in the
/// same transaction as every change to it (migration 0026, docs/adr/0037-outbox-counts-and-kept-previews.md),
/// instead of counting millions of sent emails. The outbox page, <c>outbox show</c>, the gauge and the start
/// page all read here, so they agree.
/// </summary>
internal sealed class OutboxStateCounts(Database database)
{
    /// <summary>On PostgreSQL, once this many changes are waiting, a reader folds them into one row per state.</summary>
    internal const int FoldAfter = 500;

    // Any fixed number; it names "folding the outbox counts" among advisory locks on the server.
    private const long FoldLockKey = 0x6F7574626F78636E;

    /// <summary>Counts by stored state (<c>pending</c>, <c>sent</c>, …); a state with no email may be missing.</summary>
    public async Task<IReadOnlyDictionary<string, long>> ReadAsync(CancellationToken cancellationToken)
    {
        List<StateSum> sums;
        await using (var session = await database.SessionAsync(null, cancellationToken))
        {
            sums = database.Provider == DatabaseProvider.Sqlite
                ? await session.QueryAsync<StateSum>("SELECT state, messages AS count, 1 AS changes FROM outbox_state_counts")
                : await session.QueryAsync<StateSum>("SELECT state, sum(change)::bigint AS count, count(*) AS changes FROM outbox_state_counts GROUP BY state");
        }

        if (database.Provider == DatabaseProvider.Postgres && sums.Sum(r => r.Changes) > FoldAfter)
        {
            await FoldAsync(cancellationToken);
        }

        return sums.ToDictionary(r => r.State, r => r.Count);
    }

    /// <summary>
    /// Replaces the changes this transaction sees by their sum per state. Changes committed meanwhile are not
    /// seen, so they stay; a second folder waits for the first's row locks and then finds those rows gone. The
    /// advisory lock only spares a second folder that wait: a page never queues behind a fold.
    /// </summary>
    internal async Task FoldAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        if (!await session.ScalarAsync<bool>("SELECT pg_try_advisory_xact_lock(@key)", new { key = FoldLockKey }))
        {
            return;
        }

        await session.ExecuteAsync(
            """
            WITH folded AS (DELETE FROM outbox_state_counts RETURNING state, change)
            INSERT INTO outbox_state_counts (state, change)
            SELECT state, sum(change) FROM folded GROUP BY state HAVING sum(change) <> 0
            """);
        await transaction.CommitAsync(cancellationToken);
    }

    // Properties, not a positional record: SQLite types an aggregate of no rows as a blob, which a constructor refuses.
    private sealed class StateSum
    {
        public string State { get; init; } = "";

        public long Count { get; init; }

        public long Changes { get; init; }
    }
}
