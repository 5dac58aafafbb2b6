namespace Unmentoring.Pairing;

/// <summary>
/// Everything the engine needs to plan one round, as plain values. History and exclusions refer to people
/// by their position in <see cref="Participants"/>: the caller already holds that list, and resolving
/// millions of string ids inside the engine would cost more than the whole plan.
/// </summary>
public sealed record PairingRequest
{
    public required IReadOnlyList<PairingParticipant> Participants { get; init; }

    /// <summary>Past meetings; a past trio is three meetings. Meetings outside the window are ignored.</summary>
    public IReadOnlyList<PastMeeting> History { get; init; } = [];

    public IReadOnlyList<ExcludedPair> Exclusions { get; init; } = [];

    public PairingRules Rules { get; init; } = PairingRules.Default;

    /// <summary>The round being planned; the repeat window covers the rounds just before it.</summary>
    public required int Round { get; init; }

    /// <summary>All randomness in the plan comes from this; store it to replay the round.</summary>
    public required ulong Seed { get; init; }
}

/// <param name="Id">The caller's id, returned as is in the plan. Must be unique.</param>
/// <param name="Organisation">Who they work for; when blank, the domain of <paramref name="Email"/> is used.</param>
/// <param name="Email">Only read for its domain, when no organisation is given.</param>
/// <param name="LastSatOutRound">The last round in which they sat out, or null if they never have.</param>
public sealed record PairingParticipant(
    string Id,
    string? Organisation = null,
    string? Email = null,
    int? LastSatOutRound = null);

/// <summary>Participants <paramref name="A"/> and <paramref name="B"/> (indexes into the request's participants) met in <paramref name="Round"/>.</summary>
public readonly record struct PastMeeting(int A, int B, int Round);

/// <summary>Participants <paramref name="A"/> and <paramref name="B"/> (indexes into the request's participants) must never be grouped.</summary>
public readonly record struct ExcludedPair(int A, int B);

public enum OddPolicy
{
    /// <summary>A person left over joins a pair whose two members can both be matched with them.</summary>
    Trio,

    /// <summary>A person left over sits out this round and goes first next time.</summary>
    SitOut,
}

/// <summary>The organisers' rules, with the defaults a new scheme starts with.</summary>
/// <param name="RepeatWindowRounds">People grouped together in this many rounds before the planned one are not grouped again.</param>
/// <param name="AvoidSameOrganisation">Never group two people from the same organisation.</param>
/// <param name="OddPolicy">What happens to a person left over when not everyone can be paired.</param>
/// <param name="RelaxRepeats">Repeat an older meeting rather than leave someone out who could otherwise be matched.</param>
public sealed record PairingRules(
    int RepeatWindowRounds = 12,
    bool AvoidSameOrganisation = true,
    OddPolicy OddPolicy = OddPolicy.Trio,
    bool RelaxRepeats = true)
{
    public static PairingRules Default { get; } = new();
}
