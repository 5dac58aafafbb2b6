using Unmentoring.Storage;

namespace Unmentoring.Mail;

/// <summary>A failed or ambiguous message and why, for an operator deciding what to do with it.</summary>
internal sealed class OutboxProblem
{
    public long Id { get; init; }

    public string State { get; init; } = "";

    public string Kind { get; init; } = "";

    /// <summary>The period of the round the email belongs to (e.g. 2026-12), or null when it is not a round's.</summary>
    public string? Round { get; init; }

    /// <summary>The recipient's status now (e.g. <c>unsubscribed</c>, <c>erased</c>), or null when it is not to a participant.</summary>
    public string? ParticipantStatus { get; init; }

    /// <summary>The address it went to; a round's email records none of its own, so its participant's.</summary>
    public string? Recipient { get; init; }

    public int Attempts { get; init; }

    /// <summary>The server's reply or what went wrong.</summary>
    public string? Reason { get; init; }

    public DateTime? LastAttemptAt { get; init; }
}

/// <summary>The outbox at a glance: how many messages are in each state, and the ones that need a person.</summary>
internal sealed record OutboxOverview(IReadOnlyDictionary<string, long> Counts, IReadOnlyList<OutboxProblem> Problems);

/// <summary>
/// Reads the outbox for people (<c>unmentoring outbox show</c>) and for the <c>unmentoring.outbox.messages</c>
/// gauge. The counts come from <see cref="OutboxStateCounts"/>, not from counting every email. "queued" is the stored state <c>pending</c>; a held round's emails are counted as <c>held</c>.
/// </summary>
internal sealed class OutboxReport(Database database, OutboxStateCounts stateCounts)
{
    /// <summary>Every state, in the order a message passes through them, each shown even when empty.</summary>
    public static readonly IReadOnlyList<string> States = ["queued", "held", "sending", "sent", "retrying", "failed", "ambiguous", "suppressed"];

    public async Task<IReadOnlyDictionary<string, long>> CountsAsync(CancellationToken cancellationToken)
    {
        var stored = await stateCounts.ReadAsync(cancellationToken);
        var counts = States.ToDictionary(s => s, _ => 0L);
        foreach (var (state, count) in stored)
        {
            counts[state == "pending" ? "queued" : state] = count;
        }

        return counts;
    }

    public async Task<OutboxOverview> ShowAsync(int limit, CancellationToken cancellationToken) =>
        new(await CountsAsync(cancellationToken), await ProblemsAsync(0, limit, cancellationToken));

    /// <summary>Failed and ambiguous messages, newest first: <paramref name="take"/> of them after the first <paramref name="skip"/>.</summary>
    public async Task<IReadOnlyList<OutboxProblem>> ProblemsAsync(int skip, int take, CancellationToken cancellationToken)
    {
        await using var session = await database.SessionAsync(null, cancellationToken);
        return await session.QueryAsync<OutboxProblem>(
            """
            SELECT o.id, o.state, o.kind, r.period AS round, p.status AS participant_status,
                   CASE WHEN o.recipient IS NULL OR o.recipient = '' THEN p.email ELSE o.recipient END AS recipient,
                   o.attempts, o.last_reply AS reason, o.last_attempt_at
            FROM outbox_messages o
            LEFT JOIN participants p ON p.id = o.participant_id
            LEFT JOIN rounds r ON r.id = o.round_id
            WHERE o.state IN ('failed', 'ambiguous')
            ORDER BY o.id DESC
            LIMIT @take OFFSET @skip
            """,
            new { take, skip });
    }
}
