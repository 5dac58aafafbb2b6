using System.Data.Common;
using Microsoft.Extensions.Options;
using Unmentoring.Participants;
using Unmentoring.Storage;

namespace Unmentoring.Retention;

/// <summary>What one purge removed.</summary>
internal sealed record PurgeReport(int UnconfirmedSignUpsRemoved, int LeaversErased, int EmailsCleared, int TokensRemoved, bool FilesCleaned);

/// <summary>
/// Applies the retention limits of <see cref="RetentionOptions"/>: daily from the scheduler, and on demand
/// with <c>unmentoring purge</c>. People are removed through the one erasure there is
/// (<see cref="ParticipantStore.EraseAsync"/>), so their emails, tokens and free text go the same way as when
/// they delete their data themselves; the anonymous row stays for the history. Each rule is repeatable:
/// a second run the same day removes nothing more.
/// </summary>
internal sealed class RetentionPurge(
    Database database,
    ParticipantStore participants,
    ErasureCleanup cleanup,
    IOptions<RetentionOptions> options,
    TimeProvider time,
    ILogger<RetentionPurge> logger)
{
    /// <summary>What replaces an email's recipient, subject and text once its days are up (the rows stay for the counts).</summary>
    internal const string Removed = "(removed)";

    public async Task<PurgeReport> PurgeAsync(CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var now = time.StorageNow();

        var signUps = await EraseEachAsync(await UnconfirmedSignUpsAsync(now - TimeSpan.FromDays(limits.UnconfirmedSignUpDays), cancellationToken), cancellationToken);
        var leavers = await EraseEachAsync(await LeaversAsync(now - TimeSpan.FromDays(limits.UnsubscribedDays), now, cancellationToken), cancellationToken);
        int emails, tokens;
        await using (var session = await database.SessionAsync(null, cancellationToken))
        {
            emails = await ClearSentEmailsAsync(session, now - TimeSpan.FromDays(limits.SentEmailDays));
            tokens = await RemoveSpentTokensAsync(session, now);
        }

        var cleaned = await cleanup.RunAsync(evenIfNoneDue: signUps + leavers + emails + tokens > 0, cancellationToken);
        var report = new PurgeReport(signUps, leavers, emails, tokens, cleaned);
        logger.LogInformation(
            "Retention purge: {SignUps} unconfirmed sign-ups removed, {Leavers} people who left erased, {Emails} emails cleared, {Tokens} tokens removed, files cleaned: {Cleaned}",
            signUps, leavers, emails, tokens, cleaned);
        return report;
    }

    /// <summary>
    /// Pending sign-ups whose last confirmation link expired at or before <paramref name="cutoff"/>. One with no
    /// link left counts from when it joined, as if its link had lasted the usual time.
    /// </summary>
    private async Task<IReadOnlyList<long>> UnconfirmedSignUpsAsync(DateTime cutoff, CancellationToken cancellationToken) =>
        await IdsAsync(
            """
            SELECT p.id FROM participants p
            WHERE p.status = 'pending' AND p.created_at <= @joined_cutoff
              AND NOT EXISTS (SELECT 1 FROM tokens t WHERE t.participant_id = p.id AND t.purpose = 'confirm' AND t.expires_at > @cutoff)
            ORDER BY p.id
            """,
            new { joined_cutoff = cutoff - TokenStore.ConfirmLifetime, cutoff },
            cancellationToken);

    /// <summary>People who left at or before <paramref name="cutoff"/>, unless they asked to come back and their link still works.</summary>
    private async Task<IReadOnlyList<long>> LeaversAsync(DateTime cutoff, DateTime now, CancellationToken cancellationToken) =>
        await IdsAsync(
            """
            SELECT p.id FROM participants p
            WHERE p.status = 'unsubscribed' AND p.left_at <= @cutoff
              AND NOT EXISTS (SELECT 1 FROM tokens t WHERE t.participant_id = p.id AND t.purpose = 'confirm' AND t.used_at IS NULL AND t.expires_at > @now)
            ORDER BY p.id
            """,
            new { cutoff, now },
            cancellationToken);

    /// <summary>
    /// Finished emails (sent, failed, given up or suppressed) last touched at or before <paramref name="cutoff"/>:
    /// their recipient, subject, bodies, headers, attachments and the server's reply go; kind, state, round,
    /// participant and times stay, which is all the reports count. Rows rendered at dispatch keep no content anyway.
    /// </summary>
    private static Task<int> ClearSentEmailsAsync(DbSession session, DateTime cutoff) =>
        session.ExecuteAsync(
            """
            UPDATE outbox_messages
            SET recipient = CASE WHEN recipient IS NULL THEN NULL ELSE @removed END,
                subject = CASE WHEN subject IS NULL THEN NULL ELSE @removed END,
                text_body = CASE WHEN text_body IS NULL THEN NULL ELSE @removed END,
                html_body = NULL, headers = NULL, attachments = NULL, last_reply = NULL
            WHERE state IN ('sent', 'failed', 'ambiguous', 'suppressed')
              AND COALESCE(sent_at, last_attempt_at, created_at) <= @cutoff
              AND ((subject IS NOT NULL AND subject <> @removed) OR html_body IS NOT NULL OR headers IS NOT NULL
                   OR attachments IS NOT NULL OR last_reply IS NOT NULL)
            """,
            new { removed = Removed, cutoff });

    /// <summary>
    /// Used and expired tokens. A pending sign-up's confirmation tokens stay until the sign-up itself is removed:
    /// they say when its link expired.
    /// </summary>
    private static Task<int> RemoveSpentTokensAsync(DbSession session, DateTime now) =>
        session.ExecuteAsync(
            """
            DELETE FROM tokens
            WHERE (used_at IS NOT NULL OR expires_at <= @now)
              AND NOT (purpose = 'confirm' AND EXISTS (SELECT 1 FROM participants p WHERE p.id = tokens.participant_id AND p.status = 'pending'))
            """,
            new { now });

    private async Task<int> EraseEachAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        var erased = 0;
        foreach (var id in ids)
        {
            if (await participants.EraseAsync(id, cancellationToken))
            {
                erased++;
            }
        }

        return erased;
    }

    private async Task<IReadOnlyList<long>> IdsAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var session = await database.SessionAsync(null, cancellationToken);
        return await session.QueryAsync<long>(sql, parameters);
    }
}
