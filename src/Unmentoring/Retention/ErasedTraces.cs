using Unmentoring.Storage;

namespace Unmentoring.Retention;

/// <summary>
/// Free text outside a participant's own row that may name them: an organiser's reason for an exclusion, the
/// reason given with a report about their match (either side's), and audit entries that mention their address. Removed in the erasure's own transaction, before the address
/// itself is blanked (it is what finds the audit entries). Over-matching is the safe side: an entry that
/// merely contains the address as part of a longer one is removed too.
/// </summary>
internal static class ErasedTraces
{
    public static async Task RemoveAsync(DbSession session, long participantId)
    {
        await session.ExecuteAsync(
            "UPDATE exclusions SET reason = NULL WHERE (participant_a = @id OR participant_b = @id) AND reason IS NOT NULL",
            new { id = participantId });
        await session.ExecuteAsync(
            "UPDATE match_reports SET reason = NULL WHERE (reporter_id = @id OR reported_id = @id) AND reason IS NOT NULL",
            new { id = participantId });
        await session.ExecuteAsync(
            """
            UPDATE audit_log SET subject = '(removed)', detail = '(removed: it named a participant who deleted their data)'
            WHERE EXISTS (
                SELECT 1 FROM participants p
                WHERE p.id = @id AND p.email IS NOT NULL
                  AND (lower(audit_log.subject) LIKE '%' || lower(p.email) || '%' OR lower(audit_log.detail) LIKE '%' || lower(p.email) || '%'))
            """,
            new { id = participantId });
    }
}
