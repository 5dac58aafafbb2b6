using Unmentoring.Pairing;
using Unmentoring.Participants;

namespace Unmentoring.Rounds;

/// <summary>
/// Stored rounds as organisers see them: every participant's outcome and reason, the groups, the repeats
/// the rules allowed; and a replay that recomputes a round from what it recorded and lists every difference.
/// </summary>
internal sealed class RoundReports(RoundStore rounds, RoundHistory history, RulesStore rules)
{
    /// <summary>A stored round with every participant's outcome and reason, or null.</summary>
    public async Task<RoundReport?> ShowAsync(Period period, CancellationToken cancellationToken = default)
    {
        var round = await rounds.FindAsync(period, cancellationToken: cancellationToken);
        if (round is null)
        {
            return null;
        }

        var groups = await rounds.GroupsAsync(round.Id, cancellationToken);
        var outcomes = await rounds.OutcomesAsync(round.Id, cancellationToken);
        var window = (await rules.FindAsync(round.RulesVersion, cancellationToken))?.Rules.RepeatWindowRounds ?? 0;
        var earlier = await history.MeetingsAsync(round.RoundNumber - window, round.RoundNumber, cancellationToken: cancellationToken);
        var lastMet = new Dictionary<(long, long), int>();
        foreach (var (a, b, number) in earlier)
        {
            var key = a < b ? (a, b) : (b, a);
            lastMet[key] = Math.Max(lastMet.GetValueOrDefault(key), number);
        }

        var repeats = new List<(long, long, int)>();
        foreach (var group in groups)
        {
            for (var i = 0; i < group.Count; i++)
            {
                for (var j = i + 1; j < group.Count; j++)
                {
                    var key = group[i] < group[j] ? (group[i], group[j]) : (group[j], group[i]);
                    if (lastMet.TryGetValue(key, out var last))
                    {
                        repeats.Add((key.Item1, key.Item2, last));
                    }
                }
            }
        }

        var labels = await rounds.LabelsAsync(round.Id, cancellationToken);
        return new RoundReport(
            round.Id,
            round.Period,
            round.RoundNumber,
            round.RoundDate,
            round.Seed,
            round.RulesVersion,
            round.Status,
            round.PlannedAt,
            groups,
            outcomes.Select(o => new PlannedOutcome(o.ParticipantId, o.Outcome, o.Reason)).ToList(),
            repeats,
            labels);
    }

    /// <summary>
    /// Recomputes a stored round from what it recorded (who was given to the engine, with the organisation
    /// and last sit-out it saw; the exclusions then in force; the history before it; its rules version and
    /// seed) and lists every difference from what was stored.
    /// </summary>
    public async Task<ReplayResult?> ReplayAsync(Period period, CancellationToken cancellationToken = default)
    {
        var stored = await ShowAsync(period, cancellationToken);
        if (stored is null)
        {
            return null;
        }

        var round = (await rounds.FindAsync(period, cancellationToken: cancellationToken))!;
        var version = await rules.FindAsync(round.RulesVersion, cancellationToken)
            ?? throw new InvalidOperationException($"Rules version {round.RulesVersion} of the {period} round is missing.");
        var outcomes = await rounds.OutcomesAsync(round.Id, cancellationToken);
        var inputs = outcomes
            .Where(o => o.Outcome is RoundOutcome.Paired or RoundOutcome.SatOut or RoundOutcome.Unmatched)
            .Select(o => new PairingParticipant(RoundIds.Format(o.ParticipantId), o.PairingOrganisation, null, o.LastSatOutRound))
            .ToList();
        var engine = RoundPlanner.Plan(
            inputs,
            await history.MeetingsAsync(round.RoundNumber - version.Rules.RepeatWindowRounds, round.RoundNumber, cancellationToken: cancellationToken),
            RoundStore.ParseExclusions(round.Exclusions),
            version.Rules,
            round.RoundNumber,
            round.Seed);
        var recomputed = new RoundPlan(
            period,
            round.RoundNumber,
            round.RoundDate,
            round.Seed,
            version,
            engine,
            new Dictionary<long, RoundParticipant>(),
            RoundPlanner.EngineOutcomes(engine).Concat(outcomes.Where(o => o.Outcome is not (RoundOutcome.Paired or RoundOutcome.SatOut or RoundOutcome.Unmatched)).Select(o => new PlannedOutcome(o.ParticipantId, o.Outcome, o.Reason))).ToList(),
            RoundStore.ParseExclusions(round.Exclusions),
            inputs.ToDictionary(i => RoundIds.Parse(i.Id)));

        var differences = new List<string>();
        // A group is its arranger and the set of the others.
        static string Key(IReadOnlyList<long> g) => string.Join(",", g.Take(1).Concat(g.Skip(1).Order()));
        var storedGroups = stored.Groups.Select(Key).Order(StringComparer.Ordinal).ToList();
        var newGroups = recomputed.Groups.Select(Key).Order(StringComparer.Ordinal).ToList();
        differences.AddRange(storedGroups.Except(newGroups).Select(g => $"stored group {Describe(g, stored.Labels)} is not in the recomputed plan"));
        differences.AddRange(newGroups.Except(storedGroups).Select(g => $"recomputed group {Describe(g, stored.Labels)} was not stored"));
        var storedOutcomes = stored.Outcomes.ToDictionary(o => o.ParticipantId);
        foreach (var outcome in recomputed.Outcomes)
        {
            if (!storedOutcomes.TryGetValue(outcome.ParticipantId, out var was))
            {
                differences.Add($"{stored.Labels.GetValueOrDefault(outcome.ParticipantId)} has no stored outcome");
            }
            else if (was.Outcome != outcome.Outcome || was.Reason != outcome.Reason)
            {
                differences.Add($"{stored.Labels.GetValueOrDefault(outcome.ParticipantId)}: stored {was.Outcome.ToCode()} ({was.Reason}), recomputed {outcome.Outcome.ToCode()} ({outcome.Reason})");
            }
        }

        return new ReplayResult(stored, recomputed, differences);
    }

    private static string Describe(string group, IReadOnlyDictionary<long, string> labels) =>
        string.Join(" + ", group.Split(',').Select(id => labels.GetValueOrDefault(RoundIds.Parse(id), id)));
}
