using System.Data.Common;
using System.Text.Json;
using Unmentoring.Storage;

namespace Unmentoring.Mail;

/// <summary>What an email is for; stored in <c>outbox_messages.kind</c>.</summary>
internal enum EmailKind
{
    Introduction,
    SatOut,
    Unmatched,
    ConfirmSignUp,
    ManageLink,
    FollowUp,
    OrganiserSignIn,
    MatchProblemReported,
    PausedForSilence,
}

internal sealed record EmailAttachment(string FileName, string ContentType, string Content);

/// <summary>
/// One rendered email waiting to be sent. It is written in the same transaction as the thing that caused
/// it (a sign-up, a request for a link), and the idempotency key makes writing it twice harmless. A round's
/// emails are written as rows without content and rendered by the dispatcher (see <see cref="OutboxStore.RoundEmailRow"/>).
/// </summary>
internal sealed record OutboxMessage
{
    /// <summary>Unique per message, e.g. <c>round:2026-12:introduction:42</c>; also the source of the Message-ID.</summary>
    public required string IdempotencyKey { get; init; }

    public required EmailKind Kind { get; init; }

    public long? RoundId { get; init; }

    public long? ParticipantId { get; init; }

    public required string RecipientAddress { get; init; }

    public required string RecipientName { get; init; }

    public required string Subject { get; init; }

    public required string TextBody { get; init; }

    public string? HtmlBody { get; init; }

    /// <summary>Extra headers such as List-Unsubscribe; names and values never contain CR or LF.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<EmailAttachment> Attachments { get; init; } = [];

    /// <summary>Held messages wait for an organiser's approval of their round before they are sent.</summary>
    public bool Held { get; init; }
}

internal static class EmailKindCodes
{
    public static string ToCode(this EmailKind kind) => kind switch
    {
        EmailKind.Introduction => "introduction",
        EmailKind.SatOut => "satOut",
        EmailKind.Unmatched => "unmatched",
        EmailKind.ConfirmSignUp => "confirmSignUp",
        EmailKind.ManageLink => "manageLink",
        EmailKind.FollowUp => "followUp",
        EmailKind.OrganiserSignIn => "organiserSignIn",
        EmailKind.MatchProblemReported => "matchProblemReported",
        EmailKind.PausedForSilence => "pausedForSilence",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static EmailKind ParseKind(string code) => Enum.GetValues<EmailKind>().Single(k => k.ToCode() == code);
}

/// <summary>Writes messages into the outbox. Sending is the dispatcher's job, never the writer's.</summary>
internal sealed class OutboxStore(Database database, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Adds the message inside the caller's transaction; a message whose idempotency key is already there is
    /// left as it is. Returns whether it was new. Many messages at once (a round's) go in with
    /// <see cref="BulkInsert"/> as <see cref="RoundEmailRow"/>s instead.
    /// </summary>
    public async Task<bool> EnqueueAsync(OutboxMessage message, DbTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        var now = time.StorageNow();
        var row = new
        {
            message.IdempotencyKey,
            Kind = message.Kind.ToCode(),
            message.RoundId,
            message.ParticipantId,
            Recipient = Recipient(message),
            message.Subject,
            message.TextBody,
            message.HtmlBody,
            Headers = message.Headers.Count == 0 ? null : JsonSerializer.Serialize(message.Headers, Json),
            Attachments = message.Attachments.Count == 0 ? null : JsonSerializer.Serialize(message.Attachments, Json),
            State = message.Held ? "held" : "pending",
            CreatedAt = now,
            NextAttemptAt = now,
        };
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        return await session.ExecuteAsync(
            """
            INSERT INTO outbox_messages (idempotency_key, kind, round_id, participant_id, recipient, subject, text_body, html_body, headers,
                attachments, state, created_at, next_attempt_at)
            VALUES (@IdempotencyKey, @Kind, @RoundId, @ParticipantId, @Recipient, @Subject, @TextBody, @HtmlBody, @Headers,
                @Attachments, @State, @CreatedAt, @NextAttemptAt)
            ON CONFLICT (idempotency_key) DO NOTHING
            """,
            row) == 1;
    }

    /// <summary>The idempotency key of a round's email to one participant: <c>round:{roundId}:{kind}:{participantId}</c>.</summary>
    public static string RoundEmailKey(long roundId, EmailKind kind, long participantId) =>
        $"round:{roundId}:{kind.ToCode()}:{participantId}";

    /// <summary>
    /// The columns of a round's email as the round writes it: no recipient, subject or body, because the
    /// dispatcher renders it when it sends it (docs/adr/0011-round-emails-rendered-at-dispatch.md).
    /// </summary>
    public static IReadOnlyList<string> RoundEmailColumns { get; } =
        ["idempotency_key", "kind", "round_id", "participant_id", "group_number", "state", "created_at", "next_attempt_at"];

    /// <summary>One round email as the values of <see cref="RoundEmailColumns"/>; an introduction names the recipient's group.</summary>
    public static object?[] RoundEmailRow(long roundId, EmailKind kind, long participantId, int? groupNumber, bool held, DateTime now) =>
        [RoundEmailKey(roundId, kind, participantId), kind.ToCode(), roundId, participantId, groupNumber, held ? "held" : "pending", now, now];

    /// <summary>Releases a round's held messages for sending (the approval gate); returns how many.</summary>
    public async Task<int> ReleaseRoundAsync(long roundId, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        return await session.ExecuteAsync(
            "UPDATE outbox_messages SET state = 'pending', next_attempt_at = @now WHERE round_id = @roundId AND state = 'held'",
            new { roundId, now = time.StorageNow() });
    }

    /// <summary>
    /// Queues one round email again (an organiser's "send again"), rendered at dispatch like the first. The
    /// key names which resend it is (<paramref name="sendNumber"/>: 2 for the second email), so two clicks
    /// on the same page queue one. Returns whether it was new.
    /// </summary>
    public async Task<bool> EnqueueRoundEmailAgainAsync(long roundId, EmailKind kind, long participantId, int? groupNumber, int sendNumber, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var now = time.StorageNow();
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        return await session.ExecuteAsync(
            """
            INSERT INTO outbox_messages (idempotency_key, kind, round_id, participant_id, group_number, state, created_at, next_attempt_at)
            VALUES (@key, @kind, @roundId, @participantId, @groupNumber, 'pending', @now, @now)
            ON CONFLICT (idempotency_key) DO NOTHING
            """,
            new { key = $"{RoundEmailKey(roundId, kind, participantId)}:again:{sendNumber}", kind = kind.ToCode(), roundId, participantId, groupNumber, now }) == 1;
    }

    /// <summary>The recipient as stored: <c>Name &lt;address&gt;</c> is parsed again by the dispatcher with MimeKit.</summary>
    public static string Recipient(OutboxMessage m)
    {
        if (m.RecipientAddress.Any(char.IsControl) || m.RecipientName.Any(char.IsControl))
        {
            throw new ArgumentException("A recipient's name or address contains a control character; it must never reach a header.");
        }

        return new MimeKit.MailboxAddress(m.RecipientName, m.RecipientAddress).ToString();
    }
}
