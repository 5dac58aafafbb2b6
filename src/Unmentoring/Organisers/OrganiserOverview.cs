using Unmentoring.Mail;
using Unmentoring.Rounds;
using Unmentoring.Storage;

namespace Unmentoring.Organisers;

/// <summary>What the start page shows: the next round, participants by status, the last round and the email queue.</summary>
/// <param name="Participants">Counts by status, each with its <see cref="ParticipantStatusFilter"/> code, so the page links a count to the list of those people.</param>
internal sealed record Overview(
    NextRoundSummary Next,
    IReadOnlyList<(string Status, string Label, long Count)> Participants,
    LastRoundSummary? LastRound,
    EmailHealth Email);

internal sealed record NextRoundSummary(Period Period, DateTimeOffset? RunsAt, string TimeZone, long Due, bool NeedsApproval);

internal sealed record LastRoundSummary(string Period, string Status, IReadOnlyList<(string Outcome, long Count)> Outcomes, long Groups);

internal sealed record EmailHealth(long Queued, long Held, long Failed, long Ambiguous);

/// <summary>Reads the start page's figures in a few grouped queries (one per panel), so the page stays quick with many participants.</summary>
internal sealed class OrganiserOverview(Database database, RulesStore rules, OutboxStateCounts outboxCounts, TimeProvider time)
{
    /// <summary>
    /// The statuses the page counts, in the participants page's order and words: all its filters but everyone
    /// and those whose data was deleted. Each count is of the people that filter lists.
    /// </summary>
    private static readonly IReadOnlyList<(string Code, string Label)> Statuses =
        ParticipantStatusFilter.Choices.Where(c => c.Code is not (ParticipantStatusFilter.Everyone or "erased")).ToList();

    public async Task<Overview> ReadAsync(CancellationToken cancellationToken)
    {
        var current = (await rules.CurrentAsync(cancellationToken)).Rules;
        var now = time.GetUtcNow();
        var runsAt = RoundScheduling.NextFireAfter(current, now);
        var period = Period.Of(RoundScheduling.RoundDate(current, runsAt ?? now));

        // The outbox page's own counts, so the two pages agree; read before this page's session opens, as they open their own.
        var outbox = await outboxCounts.ReadAsync(cancellationToken);
        var email = new EmailHealth(
            outbox.GetValueOrDefault("pending") + outbox.GetValueOrDefault("retrying") + outbox.GetValueOrDefault("sending"),
            outbox.GetValueOrDefault("held"),
            outbox.GetValueOrDefault("failed"),
            outbox.GetValueOrDefault("ambiguous"));

        await using var session = await database.SessionAsync(null, cancellationToken);
        var byStatus = (await session.QueryAsync<StatusCount>(
                """
                SELECT CASE WHEN undeliverable_at IS NOT NULL AND status IN ('active', 'paused') THEN 'undeliverable' WHEN status = 'unsubscribed' THEN 'left' ELSE status END AS status,
                       COUNT(*) AS count
                FROM participants
                GROUP BY CASE WHEN undeliverable_at IS NOT NULL AND status IN ('active', 'paused') THEN 'undeliverable' WHEN status = 'unsubscribed' THEN 'left' ELSE status END
                """))
            .ToDictionary(r => r.Status, r => r.Count);
        var participants = Statuses.Select(s => (s.Code, s.Label, byStatus.GetValueOrDefault(s.Code))).ToList();

        var last = await session.QuerySingleOrDefaultAsync<LastRoundRow>("SELECT id, period, status FROM rounds ORDER BY round_number DESC LIMIT 1");
        LastRoundSummary? lastRound = null;
        if (last is not null)
        {
            var outcomes = await session.QueryAsync<StatusCount>(
                "SELECT outcome AS status, COUNT(*) AS count FROM round_outcomes WHERE round_id = @id GROUP BY outcome ORDER BY outcome",
                new { id = last.Id });
            var groups = await session.ScalarAsync<long>("SELECT COUNT(*) FROM round_groups WHERE round_id = @id", new { id = last.Id });
            lastRound = new LastRoundSummary(last.Period, last.Status, outcomes.Select(o => (o.Status, o.Count)).ToList(), groups);
        }

        var next = new NextRoundSummary(period, runsAt, current.TimeZone, byStatus.GetValueOrDefault("active"), current.RequireApproval);
        return new Overview(next, participants, lastRound, email);
    }

    private sealed class StatusCount
    {
        public string Status { get; set; } = "";

        public long Count { get; set; }
    }

    private sealed class LastRoundRow
    {
        public long Id { get; set; }

        public string Period { get; set; } = "";

        public string Status { get; set; } = "";
    }
}
