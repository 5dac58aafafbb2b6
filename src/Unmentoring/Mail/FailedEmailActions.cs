using System.Globalization;
using Microsoft.Extensions.Options;
using Unmentoring.Organisers;
using Unmentoring.Storage;

namespace Unmentoring.Mail;

/// <summary>What became of one email an organiser chose: done, or refused with a reason a person can read.</summary>
internal sealed record FailedEmailResult(long Id, string? Refusal)
{
    public bool Done => Refusal is null;
}

/// <summary>
/// What an organiser can do with a failed or ambiguous email (docs/adr/0029-organisers-email-pages.md).
/// <b>Send again</b> puts the same row back in the queue for the dispatcher, with the same idempotency key
/// and so the same Message-ID (ADR 0003): nothing here sends. <b>Mark as delivered</b> records it as sent
/// on the organiser's word. Each change is one conditional UPDATE (the row must still be failed or
/// ambiguous, so a second press or a second organiser changes nothing) with its audit entry, in one
/// transaction per email.
/// </summary>
internal sealed class FailedEmailActions(Database database, AuditLog audit, IOptions<DispatcherOptions> dispatcher, TimeProvider time)
{
    public Task<IReadOnlyList<FailedEmailResult>> SendAgainAsync(IEnumerable<long> ids, string actor, CancellationToken cancellationToken) =>
        ForEachAsync(ids, actor, sendAgain: true, cancellationToken);

    public Task<IReadOnlyList<FailedEmailResult>> MarkDeliveredAsync(IEnumerable<long> ids, string actor, CancellationToken cancellationToken) =>
        ForEachAsync(ids, actor, sendAgain: false, cancellationToken);

    private async Task<IReadOnlyList<FailedEmailResult>> ForEachAsync(IEnumerable<long> ids, string actor, bool sendAgain, CancellationToken cancellationToken)
    {
        var results = new List<FailedEmailResult>();
        foreach (var id in ids.Distinct())
        {
            results.Add(await OneAsync(id, actor, sendAgain, cancellationToken));
        }

        return results;
    }

    private async Task<FailedEmailResult> OneAsync(long id, string actor, bool sendAgain, CancellationToken cancellationToken)
    {
        var now = time.StorageNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        var row = await session.QuerySingleOrDefaultAsync<EmailRow>(
            """
            SELECT o.id, o.state, o.kind, o.idempotency_key, o.attempts, o.last_reply, o.send_started_at, p.status AS participant_status,
                   CASE WHEN o.recipient IS NULL OR o.recipient = '' THEN p.email ELSE o.recipient END AS recipient
            FROM outbox_messages o LEFT JOIN participants p ON p.id = o.participant_id
            WHERE o.id = @id
            """,
            new { id });
        if (row is null)
        {
            return new FailedEmailResult(id, $"Email {id} is not in the outbox any more");
        }

        if (row.State is not ("failed" or "ambiguous"))
        {
            return new FailedEmailResult(id, $"Email {id} is no longer failed or ambiguous (it is {(row.State == "pending" ? "queued" : row.State)}), so nothing was done to it");
        }

        if (sendAgain && (StillBeingSent(row, now) ?? await WhyNotSendAgainAsync(session, row)) is { } refusal)
        {
            return new FailedEmailResult(id, $"Email {id} to {row.Recipient ?? "(removed)"} cannot be sent again: {refusal}");
        }

        // The row goes back to the queue as if new: its own retry period and back-off start again, and the
        // claim columns are cleared so that nothing of the last try is taken for a try in progress.
        var changed = await session.ExecuteAsync(
            sendAgain
                ? """
                  UPDATE outbox_messages
                  SET state = 'pending', next_attempt_at = @now, attempts = 0, first_attempt_at = NULL,
                      lease_until = NULL, claim_token = NULL, claimed_by = NULL, send_started_at = NULL
                  WHERE id = @id AND state = @state
                  """
                : """
                  UPDATE outbox_messages
                  SET state = 'sent', sent_at = @now, last_reply = @reply, lease_until = NULL, claim_token = NULL, claimed_by = NULL, send_started_at = NULL
                  WHERE id = @id AND state = @state
                  """,
            new { id, now, state = row.State, reply = $"marked as delivered by {actor}" });
        if (changed == 0)
        {
            return new FailedEmailResult(id, $"Email {id} was changed by someone else at the same moment, so nothing was done to it");
        }

        var detail = string.Create(
            CultureInfo.InvariantCulture,
            $"email {id} ({row.Kind}) was {row.State} after {row.Attempts} attempt(s): {row.LastReply}");
        await audit.RecordAsync(actor, sendAgain ? "outbox.sent-again" : "outbox.marked-delivered", row.Recipient ?? "(removed)", Truncate(detail), transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new FailedEmailResult(id, null);
    }

    /// <summary>
    /// Why the email must not go again, or null. Someone who left or erased their data is not written to;
    /// a link that no longer works is not worth sending (the person can ask for a new one).
    /// </summary>
    /// <summary>
    /// An ambiguous email released from a dispatcher that stopped checking in (ADR 0042) may still be on its
    /// way: that dispatcher can be alive and waiting for the server's answer. Sent again before the longest
    /// send could have ended, it could arrive twice.
    /// </summary>
    private string? StillBeingSent(EmailRow row, DateTime now)
    {
        if (row.State != "ambiguous" || row.SendStartedAt is not { } started || now >= started + dispatcher.Value.LongestSend)
        {
            return null;
        }

        var from = started + dispatcher.Value.LongestSend;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"it was handed to the mail server at {started:HH:mm:ss} UTC and the answer may still come; it can be sent again from {from:HH:mm:ss} UTC, once you have checked it did not arrive");
    }

    private async Task<string?> WhyNotSendAgainAsync(DbSession session, EmailRow row)
    {
        if (row.ParticipantStatus == "erased")
        {
            return "the person deleted their data";
        }

        if (row.ParticipantStatus == "unsubscribed")
        {
            return "the person has left the scheme";
        }

        var key = row.IdempotencyKey;
        var kind = EmailKindCodes.ParseKind(row.Kind);
        if (kind is EmailKind.ConfirmSignUp or EmailKind.ManageLink && TokenId(key) is { } tokenId)
        {
            var token = await session.QuerySingleOrDefaultAsync<LinkRow>("SELECT expires_at, used_at FROM tokens WHERE id = @tokenId", new { tokenId });
            if (kind is EmailKind.ConfirmSignUp && (token?.UsedAt is not null || row.ParticipantStatus is not (null or "pending")))
            {
                return "the person has already confirmed their email address";
            }

            if (token is not null && token.ExpiresAt <= time.StorageNow())
            {
                return kind is EmailKind.ConfirmSignUp
                    ? "its confirmation link has expired; the person can sign up again"
                    : "its link has expired; the person can ask for a new one on the manage link page";
            }
        }

        if (kind is EmailKind.OrganiserSignIn)
        {
            return $"a sign-in code lasts {OrganiserSignIn.Lifetime.TotalMinutes:0} minutes; the organiser can ask for a new one on the sign-in page";
        }

        return null;
    }

    /// <summary>The token's id at the end of a key such as <c>confirm:42</c>; the composer makes these keys.</summary>
    private static long? TokenId(string key) =>
        long.TryParse(key[(key.LastIndexOf(':') + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    private static string Truncate(string text) => text.Length <= 1000 ? text : text[..1000];

    private sealed class EmailRow
    {
        public long Id { get; set; }

        public string State { get; set; } = "";

        public string Kind { get; set; } = "";

        public string IdempotencyKey { get; set; } = "";

        public int Attempts { get; set; }

        public string? LastReply { get; set; }

        public DateTime? SendStartedAt { get; set; }

        public string? ParticipantStatus { get; set; }

        public string? Recipient { get; set; }
    }

    private sealed class LinkRow
    {
        public DateTime ExpiresAt { get; set; }

        public DateTime? UsedAt { get; set; }
    }
}
