using System.Data.Common;
using System.Globalization;
using Unmentoring.Participants;
using Unmentoring.Retention;
using Unmentoring.Storage;

namespace Unmentoring.Organisers;

/// <summary>
/// What an organiser may do to a participant from their page: pause, resume, change how often they take
/// part, remove them (as unsubscribing does) or delete their data (as their own "delete my data" does).
/// Each goes through the same participant code the participant's own pages use, and is audited with the
/// organiser's address. The audit names the person by id only, so it holds no personal data of theirs.
/// </summary>
internal sealed class ParticipantChanges(Database database, ParticipantStore participants, Leaving leaving, AuditLog audit)
{
    public Task<bool> PauseAsync(long id, DateOnly until, string actor, CancellationToken cancellationToken) =>
        AuditedAsync(
            transaction => participants.ChangeStatusAsync(id, ParticipantStatus.Paused, until, transaction, cancellationToken),
            actor, "participant.paused", id, "until " + until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), cancellationToken);

    public Task<bool> ResumeAsync(long id, string actor, CancellationToken cancellationToken) =>
        AuditedAsync(
            transaction => participants.ChangeStatusAsync(id, ParticipantStatus.Active, transaction: transaction, cancellationToken: cancellationToken),
            actor, "participant.resumed", id, "", cancellationToken);

    public Task<bool> ChangeCadenceAsync(long id, Cadence from, Cadence to, string actor, CancellationToken cancellationToken) =>
        AuditedAsync(
            transaction => participants.ChangeCadenceAsync(id, to, transaction, cancellationToken),
            actor, "participant.cadenceChanged", id, $"{from.ToCode()} to {to.ToCode()}", cancellationToken);

    /// <summary>
    /// Takes the person out of the scheme as unsubscribing does (<see cref="Leaving"/>: their data then goes
    /// with the retention limit). Leaving is two writes of its own, so the audit follows it rather than sharing its transaction.
    /// </summary>
    public async Task RemoveAsync(long id, string actor, CancellationToken cancellationToken)
    {
        await leaving.LeaveAsync(id, cancellationToken);
        await audit.RecordAsync(actor, "participant.removed", Subject(id), "stopped taking part", cancellationToken: cancellationToken);
    }

    /// <summary>Deletes the person's personal data now, as their own "delete my data" does; audited after the erasure's own transaction.</summary>
    public async Task<bool> EraseAsync(long id, string actor, CancellationToken cancellationToken)
    {
        var erased = await participants.EraseAsync(id, cancellationToken);
        if (erased)
        {
            await audit.RecordAsync(actor, "participant.erased", Subject(id), "personal data deleted", cancellationToken: cancellationToken);
        }

        return erased;
    }

    public static string Subject(long id) => "participant " + id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Makes the change and its audit entry in one transaction; nothing is audited when nothing changed.</summary>
    private async Task<bool> AuditedAsync(Func<DbTransaction, Task<bool>> change, string actor, string action, long id, string detail, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await change(transaction))
        {
            return false;
        }

        await audit.RecordAsync(actor, action, Subject(id), detail, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
