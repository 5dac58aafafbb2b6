namespace Unmentoring.Pairing;

/// <summary>The engine's answer for one round; every participant of the request appears in <see cref="Outcomes"/>.</summary>
/// <param name="Outcomes">One per participant, in the order of the request's participants.</param>
public sealed record PairingPlan(
    int Round,
    ulong Seed,
    IReadOnlyList<PairingGroup> Groups,
    IReadOnlyList<LeftOutParticipant> SatOut,
    IReadOnlyList<LeftOutParticipant> Unmatched,
    IReadOnlyList<ParticipantOutcome> Outcomes,
    IReadOnlyList<RepeatedMeeting> Repeats,
    PairingStats Stats);

/// <summary>
/// Two or three people who meet this round. Members are listed in an order drawn from the seed, so the
/// first, <see cref="Arranger"/>, can be asked to arrange the call without favouring anyone.
/// </summary>
public readonly record struct PairingGroup(string First, string Second, string? Third = null)
{
    public int Count => Third is null ? 2 : 3;

    public string Arranger => First;

    public IReadOnlyList<string> Members => Third is null ? [First, Second] : [First, Second, Third];
}

public enum PairingOutcome
{
    Paired,

    /// <summary>Could have been matched, but not everyone could be, and it was their turn to sit out.</summary>
    SatOut,

    /// <summary>Nobody taking part could be matched with them under the rules.</summary>
    Unmatched,
}

/// <param name="GroupIndex">Index into <see cref="PairingPlan.Groups"/>, or -1.</param>
/// <param name="Reason">Plain English for the person and the organiser.</param>
public readonly record struct ParticipantOutcome(string Id, PairingOutcome Outcome, string Reason, int GroupIndex);

public readonly record struct LeftOutParticipant(string Id, string Reason);

/// <summary>Two people grouped again within the repeat window, and why that was allowed.</summary>
public readonly record struct RepeatedMeeting(string A, string B, int LastRound, string Reason);

/// <param name="Matched">People placed in a group (pairs and trios).</param>
/// <param name="Elapsed">The engine's own time, for the organisers' reports; never used for decisions.</param>
public sealed record PairingStats(
    int Participants,
    int Matched,
    int Groups,
    int Trios,
    int SatOut,
    int Unmatched,
    int Repeats,
    TimeSpan Elapsed);
