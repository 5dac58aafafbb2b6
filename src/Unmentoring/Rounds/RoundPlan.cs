using Unmentoring.Pairing;
using Unmentoring.Participants;

namespace Unmentoring.Rounds;

/// <summary>One participant's outcome in a planned or stored round.</summary>
internal sealed record PlannedOutcome(long ParticipantId, RoundOutcome Outcome, string Reason);

/// <summary>
/// A round worked out but not necessarily written: what <c>round preview</c> prints and what
/// <see cref="RoundService.RunAsync"/> writes in one transaction.
/// </summary>
internal sealed record RoundPlan(
    Period Period,
    int RoundNumber,
    DateOnly RoundDate,
    ulong Seed,
    RulesVersion Rules,
    PairingPlan Engine,
    IReadOnlyDictionary<long, RoundParticipant> People,
    IReadOnlyList<PlannedOutcome> Outcomes,
    IReadOnlyList<(long A, long B)> Exclusions,
    IReadOnlyDictionary<long, PairingParticipant> EngineInputs)
{
    /// <summary>The groups as participant ids, arranger first.</summary>
    public IReadOnlyList<IReadOnlyList<long>> Groups { get; } =
        Engine.Groups.Select(g => (IReadOnlyList<long>)g.Members.Select(RoundIds.Parse).ToList()).ToList();
}

/// <summary>The engine works on string ids; the service hands it participant ids in invariant form.</summary>
internal static class RoundIds
{
    public static string Format(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static long Parse(string id) => long.Parse(id, System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A stored round as organisers see it.</summary>
internal sealed record RoundReport(
    long Id,
    Period Period,
    int RoundNumber,
    DateOnly RoundDate,
    ulong Seed,
    int RulesVersion,
    string Status,
    DateTime PlannedAt,
    IReadOnlyList<IReadOnlyList<long>> Groups,
    IReadOnlyList<PlannedOutcome> Outcomes,
    IReadOnlyList<(long A, long B, int LastRound)> Repeats,
    IReadOnlyDictionary<long, string> Labels);

/// <summary>What <c>round run</c> did: planned a new round, or found the period already had one.</summary>
internal sealed record RoundRunResult(bool Created, RoundReport Round, int EmailsQueued);

/// <summary>What <c>round replay</c> found: the recomputed plan, and every way it differs from the stored one.</summary>
internal sealed record ReplayResult(RoundReport Stored, RoundPlan Recomputed, IReadOnlyList<string> Differences)
{
    public bool Identical => Differences.Count == 0;
}
