using System.Data.Common;
using System.Text.Json;
using Unmentoring.Storage;

namespace Unmentoring.Mail;

/// <summary>The final word on one claimed message, written by <see cref="OutboxQueue.RecordAsync"/>.</summary>
internal sealed record SendOutcome(
    ClaimedMessage Message,
    string State,
    string Reply,
    DateTime? NextAttemptAt = null,
    bool FlagParticipant = false);

/// <summary>
/// The dispatcher's SQL over <c>outbox_messages</c>. A message moves pending/retrying → sending (claimed
/// under a token with a lease) → sent, retrying, failed, ambiguous or suppressed. Every write after the
/// claim names the claim token, so a dispatcher that lost its claim (its lease ran out and another took
/// the row) changes nothing.
/// </summary>
internal sealed class OutboxQueue(Database database)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string Columns = "id, idempotency_key, kind, participant_id, recipient, subject, text_body, html_body, headers, attachments, attempts, first_attempt_at, round_id, group_number";

    /// <summary>
    /// Releases claims whose lease ran out and, when <paramref name="ownersSilentSince"/> is given, claims
    /// whose dispatcher has not checked in since then (<see cref="DispatcherPresence"/>), except those of
    /// <paramref name="self"/>, which never takes itself for dead. A message that was
    /// never handed to the server goes back to the queue; one that was (send_started_at is set) may have been
    /// delivered, so it becomes ambiguous rather than being sent a second time.
    /// </summary>
    public async Task<int> RecoverExpiredAsync(DateTime now, DateTime? ownersSilentSince, string? self, CancellationToken cancellationToken)
    {
        // The silent-owner test runs only over the few rows being sent (the partial index outbox_leases).
        var silentOwner = ownersSilentSince is null
            ? ""
            : """
               OR (claimed_by IS NOT NULL AND claimed_by <> @self AND NOT EXISTS (
                   SELECT 1 FROM dispatcher_checkins AS c WHERE c.instance = outbox_messages.claimed_by AND c.checked_in_at >= @silentSince))
              """;
        await using var session = await database.SessionAsync(null, cancellationToken);
        return await session.ExecuteAsync(
            $"""
            UPDATE outbox_messages
            SET state = CASE WHEN send_started_at IS NOT NULL THEN 'ambiguous' WHEN attempts = 0 THEN 'pending' ELSE 'retrying' END,
                last_reply = CASE WHEN send_started_at IS NULL THEN last_reply WHEN lease_until < @now THEN @expired ELSE @silent END,
                next_attempt_at = @now,
                lease_until = NULL,
                claimed_by = NULL
            WHERE state = 'sending' AND (lease_until < @now {silentOwner})
            """,
            new
            {
                now,
                silentSince = ownersSilentSince,
                self = self ?? "",
                expired = "the dispatcher stopped while sending this message (its claim expired); it may have been delivered",
                silent = "the dispatcher stopped while sending this message (it stopped checking in); it may have been delivered",
            });
    }

    /// <summary>
    /// Gives back the messages of a claim that were never handed to the server (a dispatcher stopping
    /// mid-batch), so the next dispatcher need not wait for the lease to run out.
    /// </summary>
    public async Task<int> ReleaseUnstartedAsync(string claimToken, DateTime now, CancellationToken cancellationToken)
    {
        await using var session = await database.SessionAsync(null, cancellationToken);
        return await session.ExecuteAsync(
            """
            UPDATE outbox_messages
            SET state = CASE WHEN attempts = 0 THEN 'pending' ELSE 'retrying' END, next_attempt_at = @now, lease_until = NULL, claimed_by = NULL
            WHERE claim_token = @claimToken AND state = 'sending' AND send_started_at IS NULL
            """,
            new { now, claimToken });
    }

    /// <summary>
    /// The next due messages in claim order. The condition repeats the partial index <c>outbox_claimable</c>'s
    /// own: SQLite uses a partial index only when the query names its condition.
    /// </summary>
    internal const string DueSelect =
        "SELECT id FROM outbox_messages WHERE state IN ('pending', 'retrying') AND next_attempt_at <= @now ORDER BY next_attempt_at, id LIMIT @batch";

    /// <summary>
    /// Claims up to <paramref name="batchSize"/> due messages. On PostgreSQL, <c>FOR UPDATE SKIP LOCKED</c>
    /// lets dispatchers claim side by side without waiting for or overlapping each other; SQLite has one
    /// writer at a time, so the single UPDATE is the claim.
    /// </summary>
    /// <param name="claimedBy">The claiming dispatcher as it checks in (<see cref="DispatcherPresence.ClaimOwner"/>), or null.</param>
    public async Task<IReadOnlyList<ClaimedMessage>> ClaimAsync(int batchSize, DateTime now, DateTime leaseUntil, string? claimedBy, CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid().ToString("N");
        var sql = database.Provider == DatabaseProvider.Postgres
            ? $"""
               UPDATE outbox_messages AS o
               SET state = 'sending', lease_until = @lease, claim_token = @token, claimed_by = @claimedBy, send_started_at = NULL
               FROM ({DueSelect} FOR UPDATE SKIP LOCKED) AS due
               WHERE o.id = due.id
               RETURNING {string.Join(", ", Columns.Split(", ").Select(c => "o." + c))}
               """
            : $"""
               UPDATE outbox_messages
               SET state = 'sending', lease_until = @lease, claim_token = @token, claimed_by = @claimedBy, send_started_at = NULL
               WHERE id IN ({DueSelect})
               RETURNING {Columns}
               """;

        await using var session = await database.SessionAsync(null, cancellationToken);
        var rows = await session.QueryAsync<ClaimedRow>(sql, new { lease = leaseUntil, token, claimedBy, now, batch = batchSize });
        return rows
            .OrderBy(r => r.Id)
            .Select(r => new ClaimedMessage(
                Id: r.Id,
                IdempotencyKey: r.IdempotencyKey,
                Kind: EmailKindCodes.ParseKind(r.Kind),
                ParticipantId: r.ParticipantId,
                Recipient: r.Recipient,
                Subject: r.Subject,
                TextBody: r.TextBody,
                HtmlBody: r.HtmlBody,
                Headers: r.Headers is null ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(r.Headers, Json) ?? [],
                Attachments: r.Attachments is null ? [] : JsonSerializer.Deserialize<List<EmailAttachment>>(r.Attachments, Json) ?? [],
                Attempts: r.Attempts,
                FirstAttemptAt: r.FirstAttemptAt,
                ClaimToken: token,
                RoundId: r.RoundId,
                GroupNumber: r.GroupNumber))
            .ToList();
    }

    private sealed class StatusRow
    {
        public long Id { get; set; }

        public string Status { get; set; } = "";
    }

    /// <summary>A claimed row of <c>outbox_messages</c>, mapped by column name.</summary>
    private sealed class ClaimedRow
    {
        public long Id { get; set; }

        public string IdempotencyKey { get; set; } = "";

        public string Kind { get; set; } = "";

        public long? ParticipantId { get; set; }

        public string? Recipient { get; set; }

        public string? Subject { get; set; }

        public string? TextBody { get; set; }

        public string? HtmlBody { get; set; }

        public string? Headers { get; set; }

        public string? Attachments { get; set; }

        public int Attempts { get; set; }

        public DateTime? FirstAttemptAt { get; set; }

        public long? RoundId { get; set; }

        public int? GroupNumber { get; set; }
    }

    /// <summary>The current status of each participant the messages are for (participants with no row are left out).</summary>
    public async Task<IReadOnlyDictionary<long, string>> ParticipantStatusesAsync(IEnumerable<long> participantIds, CancellationToken cancellationToken)
    {
        var ids = participantIds.Distinct().ToList();
        var statuses = new Dictionary<long, string>();
        if (ids.Count == 0)
        {
            return statuses;
        }

        var parameters = new Dapper.DynamicParameters();
        var oneOf = database.OneOf("id", "ids", ids, parameters);
        await using var session = await database.SessionAsync(null, cancellationToken);
        foreach (var row in await session.QueryAsync<StatusRow>($"SELECT id, status FROM participants WHERE {oneOf}", parameters))
        {
            statuses[row.Id] = row.Status;
        }

        return statuses;
    }

    /// <summary>
    /// In one transaction: records the outcome of the message just sent (if any), then marks
    /// <paramref name="next"/> as handed to the server. Committing the mark before the server sees a
    /// byte is what lets a crash be told apart later: no mark, it was never sent; a mark and no outcome,
    /// it may have been. Doing both in one commit keeps it to one round trip per message.
    /// On SQLite this commit is not synced to disk on its own (ADR 8): it survives the process dying, and
    /// the batch's last outcome, recorded with <see cref="RecordAsync"/>, syncs it.
    /// Returns false when <paramref name="next"/> is no longer ours to send.
    /// </summary>
    public Task<bool> RecordAndStartAsync(SendOutcome? previous, ClaimedMessage? next, DateTime now, DateTime leaseUntil, CancellationToken cancellationToken) =>
        RecordAndStartAsync(previous, next, now, leaseUntil, synced: false, cancellationToken);

    private async Task<bool> RecordAndStartAsync(SendOutcome? previous, ClaimedMessage? next, DateTime now, DateTime leaseUntil, bool synced, CancellationToken cancellationToken)
    {
        // One statement on PostgreSQL cannot update a row twice: the outcome and the mark are for two messages.
        if (previous is not null && next is not null && previous.Message.Id == next.Id)
        {
            throw new ArgumentException($"Outbox message {next.Id} cannot be recorded and started at once.", nameof(next));
        }

        if (database.Provider == DatabaseProvider.Postgres)
        {
            return await RecordAndStartOnPostgresAsync(previous, next, now, leaseUntil, cancellationToken);
        }

        await using var connection = synced ? await database.OpenAsync(cancellationToken) : await database.OpenUnsyncedAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        var parameters = Parameters(previous, next, now, leaseUntil);
        if (previous is not null
            && await session.ExecuteAsync(RecordOutcome, parameters) == 1
            && previous.FlagParticipant
            && previous.Message.ParticipantId is not null)
        {
            await session.ExecuteAsync(FlagUndeliverable + " WHERE id = @participant", parameters);
        }

        var started = next is not null && await session.ExecuteAsync(MarkStarted, parameters) == 1;
        await transaction.CommitAsync(cancellationToken);
        return started;
    }

    /// <summary>
    /// Records an outcome on its own, synced to disk (a message suppressed or refused before it reached the
    /// server, or the last of a batch, which also syncs the batch's earlier marks and outcomes on SQLite).
    /// </summary>
    public Task RecordAsync(SendOutcome outcome, DateTime now, CancellationToken cancellationToken) =>
        RecordAndStartAsync(outcome, null, now, now, synced: true, cancellationToken);

    /// <summary>
    /// The same writes as one statement, so one round trip and one commit a message: PostgreSQL runs each
    /// data-modifying <c>WITH</c> part once and the statement commits as a whole. A message's outcome and
    /// the next message's mark touch two different rows, as one statement requires. The statement takes one
    /// of three shapes (outcome, mark, or both), each prepared once per connection.
    /// </summary>
    private async Task<bool> RecordAndStartOnPostgresAsync(SendOutcome? previous, ClaimedMessage? next, DateTime now, DateTime leaseUntil, CancellationToken cancellationToken)
    {
        var parts = new List<string>(3);
        if (previous is not null)
        {
            parts.Add($"recorded AS ({RecordOutcome} RETURNING participant_id)");
            parts.Add($"flagged AS ({FlagUndeliverable} WHERE @flag AND id IN (SELECT participant_id FROM recorded))");
        }

        if (next is not null)
        {
            parts.Add($"started AS ({MarkStarted} RETURNING id)");
        }

        if (parts.Count == 0)
        {
            return false;
        }

        var sql = "WITH " + string.Join(",\n", parts) + "\nSELECT " + (next is null ? "0" : "(SELECT count(*) FROM started)");
        await using var session = await database.SessionAsync(null, cancellationToken);
        return await session.ScalarAsync<long>(sql, Parameters(previous, next, now, leaseUntil)) == 1;
    }

    // The writes after a send, shared by both providers' paths. 'ambiguous' is included in the outcome's
    // condition because a slow dispatcher whose claim expired mid-send still knows the truth when the server
    // finally answers, and nobody else touches an ambiguous row.
    private const string RecordOutcome = """
        UPDATE outbox_messages
        SET state = @state, last_reply = @reply, sent_at = CASE WHEN @state = 'sent' THEN @now ELSE sent_at END,
            next_attempt_at = COALESCE(@next, next_attempt_at), send_started_at = NULL, lease_until = NULL, claimed_by = NULL
        WHERE id = @id AND claim_token = @token AND state IN ('sending', 'ambiguous')
        """;

    private const string FlagUndeliverable = "UPDATE participants SET undeliverable_at = @now, undeliverable_reason = @reply, updated_at = @now";

    private const string MarkStarted = """
        UPDATE outbox_messages
        SET send_started_at = @now, attempts = attempts + 1, first_attempt_at = COALESCE(first_attempt_at, @now),
            last_attempt_at = @now, lease_until = @lease
        WHERE id = @next_id AND claim_token = @next_token AND state = 'sending'
        """;

    /// <summary>
    /// The values of every statement above, named as they use them; each statement takes the ones it names.
    /// One type for all of them, so Dapper builds its parameter code once per statement.
    /// </summary>
    private static object Parameters(SendOutcome? previous, ClaimedMessage? next, DateTime now, DateTime leaseUntil) => new
    {
        now,
        state = previous?.State,
        reply = previous is null ? null : Truncate(previous.Reply),
        next = previous?.NextAttemptAt,
        id = previous?.Message.Id,
        token = previous?.Message.ClaimToken,
        flag = previous?.FlagParticipant ?? false,
        participant = previous?.Message.ParticipantId,
        lease = leaseUntil,
        next_id = next?.Id,
        next_token = next?.ClaimToken,
    };

    private static string Truncate(string reply) => reply.Length <= 1000 ? reply : reply[..1000];
}
