using System.Data.Common;

namespace Unmentoring.Storage;

/// <summary>Who did what to rules, rounds and participants (<c>audit_log</c>), written in the transaction of the change itself.</summary>
internal sealed class AuditLog(Database database, TimeProvider time)
{
    public async Task RecordAsync(string actor, string action, string subject, string detail, DbTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        await session.ExecuteAsync(
            "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (@at, @actor, @action, @subject, @detail)",
            new { at = time.StorageNow(), actor, action, subject, detail });
    }
}
