using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Unmentoring.Storage;

namespace Unmentoring.Mail;

/// <summary>
/// "Send a test to myself": queues a sample (<see cref="TemplateSamples"/>) to the signed-in organiser through
/// the outbox, so it goes the way every email goes (the pickup folder on the embedded defaults), with its
/// audit entry. At most <see cref="PerWindow"/> an organiser in <see cref="Window"/>, counted in the audit
/// log so that every instance counts the same.
/// </summary>
internal sealed class TemplateTestEmails(Database database, OutboxStore outbox, AuditLog audit, TimeProvider time)
{
    public const int PerWindow = 5;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    private const string Action = "template.test-sent";

    /// <summary>Queues the sample; false when the organiser has sent <see cref="PerWindow"/> tests within <see cref="Window"/>.</summary>
    public async Task<bool> SendAsync(OutboxMessage sample, string organiserEmail, CancellationToken cancellationToken)
    {
        var now = time.StorageNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        var recent = await session.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE at > @since AND actor = @organiserEmail AND action = @Action",
            new { since = now - Window, organiserEmail, Action });
        if (recent >= PerWindow)
        {
            return false;
        }

        // Not a participant's or a round's email: nothing may suppress it for someone else's status, and the
        // key names neither. Two presses in the same second queue one email.
        var kind = sample.Kind.ToCode();
        var message = sample with
        {
            IdempotencyKey = string.Create(CultureInfo.InvariantCulture, $"template-test:{kind}:{Hash(organiserEmail)}:{now:yyyyMMddHHmmss}"),
            RoundId = null,
            ParticipantId = null,
            Subject = "Test: " + sample.Subject,
        };
        if (await outbox.EnqueueAsync(message, transaction, cancellationToken))
        {
            await audit.RecordAsync(organiserEmail, Action, organiserEmail, $"a sample {kind} email", transaction, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>The address is not kept in the key, which outlives the email's content (the retention limits).</summary>
    private static string Hash(string email) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email)))[..16];
}
