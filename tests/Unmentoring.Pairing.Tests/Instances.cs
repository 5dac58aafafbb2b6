using FsCheck;
using FsCheck.Fluent;

namespace Unmentoring.Pairing.Tests;

/// <summary>A small generated scheme: people "p0".."p{n-1}", their history, exclusions and rules.</summary>
public sealed record Instance(
    PairingParticipant[] Participants,
    PastMeeting[] History,
    ExcludedPair[] Exclusions,
    PairingRules Rules,
    int Round,
    ulong Seed)
{
    public int Count => Participants.Length;

    public PairingRequest ToRequest() => new()
    {
        Participants = Participants,
        History = History,
        Exclusions = Exclusions,
        Rules = Rules,
        Round = Round,
        Seed = Seed,
    };

    public int IndexOf(string id) => Array.FindIndex(Participants, p => p.Id == id);

    public override string ToString() =>
        $"n={Count} rules={Rules} round={Round} seed={Seed}\n"
        + string.Join("\n", Participants.Select(p => $"  {p}"))
        + "\n  history: " + string.Join(", ", History.Select(h => $"{h.A}-{h.B}@{h.Round}"))
        + "\n  exclusions: " + string.Join(", ", Exclusions.Select(x => $"{x.A}-{x.B}"));
}

/// <summary>A scheme in which most pairs are excluded.</summary>
public sealed record SparseInstance(Instance Value)
{
    public override string ToString() => Value.ToString();
}

/// <summary>Generators beside the properties: small enough for the exhaustive reference, varied enough to hit every rule.</summary>
public static class Generators
{
    public const int PlannedRound = 20;

    public static Arbitrary<Instance> Instances() => Arb.From(InstanceGen(maxPeople: 10));

    public static Arbitrary<SparseInstance> SparseInstances() => Arb.From(SparseInstanceGen().Select(x => new SparseInstance(x)));

    /// <summary>
    /// Sparse schemes (most pairs excluded) where greedy choices go wrong and the repair needs augmenting
    /// paths through odd cycles (blossoms).
    /// </summary>
    public static Gen<Instance> SparseInstanceGen() =>
        from n in Gen.Choose(4, 14)
        from density in Gen.Choose(15, 45)
        from coins in Gen.ArrayOf(Gen.Choose(0, 99), n * (n - 1) / 2)
        from rules in Rules()
        from seed in Seeds()
        select new Instance(
            [.. Enumerable.Range(0, n).Select(i => new PairingParticipant($"p{i}", $"org{i}"))],
            [],
            [.. AllPairs(n).Where((p, k) => coins[k] >= density).Select(p => new ExcludedPair(p.A, p.B))],
            rules,
            PlannedRound,
            seed);

    private static IEnumerable<(int A, int B)> AllPairs(int n) =>
        from a in Enumerable.Range(0, n) from b in Enumerable.Range(a + 1, n - a - 1) select (a, b);

    public static Gen<ulong> Seeds() =>
        from high in Gen.Choose(int.MinValue, int.MaxValue)
        from low in Gen.Choose(int.MinValue, int.MaxValue)
        select ((ulong)(uint)high << 32) | (uint)low;

    public static Gen<PairingRules> Rules() =>
        from window in Gen.Frequency((1, Gen.Constant(0)), (4, Gen.Choose(1, 12)), (1, Gen.Constant(25)))
        from avoid in Gen.Frequency((3, Gen.Constant(true)), (1, Gen.Constant(false)))
        from trio in Gen.Elements(true, false)
        from relax in Gen.Elements(true, false)
        select new PairingRules(window, avoid, trio ? OddPolicy.Trio : OddPolicy.SitOut, relax);

    public static Gen<Instance> InstanceGen(int maxPeople) =>
        from n in Gen.Choose(0, maxPeople)
        from organisations in Gen.Choose(1, 6)
        from people in Gen.ArrayOf(Person(organisations), n)
        from meetings in Gen.ArrayOf(Pair(n).SelectMany(p => Gen.Choose(1, PlannedRound + 1).Select(r => new PastMeeting(p.A, p.B, r))), n < 2 ? 0 : n * 2)
        from keep in Gen.Choose(0, n * 2)
        from exclusions in Gen.ArrayOf(Pair(n).Select(p => new ExcludedPair(p.A, p.B)), n < 2 ? 0 : n / 2)
        from rules in Rules()
        from seed in Seeds()
        select new Instance(
            [.. people.Select((p, i) => p with { Id = $"p{i}" })],
            meetings.Take(keep).ToArray(),
            exclusions,
            rules,
            PlannedRound,
            seed);

    private static Gen<PairingParticipant> Person(int organisations) =>
        from org in Gen.Choose(0, organisations - 1)
        from style in Gen.Frequency((6, Gen.Constant(0)), (1, Gen.Constant(1)), (1, Gen.Constant(2)), (1, Gen.Constant(3)))
        from satOut in Gen.Frequency((2, Gen.Constant<int?>(null)), (3, Gen.Choose(1, PlannedRound - 1).Select(r => (int?)r)))
        select style switch
        {
            // The same organisation written differently, or known only from the email domain.
            0 => new PairingParticipant("", $"org{org}.gov.uk", null, satOut),
            1 => new PairingParticipant("", $" ORG{org}.gov.uk ", null, satOut),
            2 => new PairingParticipant("", null, $"someone@org{org}.gov.uk", satOut),
            _ => new PairingParticipant("", null, null, satOut),
        };

    private static Gen<(int A, int B)> Pair(int n) =>
        from a in Gen.Choose(0, Math.Max(0, n - 1))
        from b in Gen.Choose(0, Math.Max(0, n - 2))
        select (a, b >= a ? b + 1 : b);
}

/// <summary>
/// An independent, exhaustive reading of the rules: it shares no code with the engine, and answers
/// "how many pairs at most" by trying every matching (fine up to a dozen people).
/// </summary>
public static class Reference
{
    /// <summary>No meeting in the window may be repeated.</summary>
    public const int NoRepeats = int.MinValue;

    /// <summary>Every meeting in the window may be repeated (exclusions and organisations still hold).</summary>
    public const int AnyRepeat = int.MaxValue;

    public static string? Organisation(PairingParticipant p)
    {
        if (!string.IsNullOrWhiteSpace(p.Organisation))
        {
            return p.Organisation.Trim().ToUpperInvariant();
        }

        if (p.Email is { } email && email.Contains('@', StringComparison.Ordinal))
        {
            var domain = email[(email.LastIndexOf('@') + 1)..].Trim();
            return domain.Length == 0 ? null : domain.ToUpperInvariant();
        }

        return null;
    }

    public static bool Excluded(Instance x, int i, int j) =>
        x.Exclusions.Any(e => (e.A == i && e.B == j) || (e.A == j && e.B == i));

    /// <summary>The latest round in the window in which i and j met, or null.</summary>
    public static int? LastMet(Instance x, int i, int j)
    {
        var first = x.Round - x.Rules.RepeatWindowRounds;
        int? last = null;
        foreach (var m in x.History)
        {
            if (((m.A == i && m.B == j) || (m.A == j && m.B == i)) && m.Round >= first && m.Round < x.Round)
            {
                last = Math.Max(last ?? int.MinValue, m.Round);
            }
        }

        return last;
    }

    /// <summary>Compatible when repeats of meetings up to <paramref name="newestRepeat"/> are allowed.</summary>
    public static bool Compatible(Instance x, int i, int j, int newestRepeat)
    {
        if (i == j || Excluded(x, i, j))
        {
            return false;
        }

        if (x.Rules.AvoidSameOrganisation)
        {
            var oi = Organisation(x.Participants[i]);
            if (oi is not null && oi == Organisation(x.Participants[j]))
            {
                return false;
            }
        }

        var met = LastMet(x, i, j);
        return met is null || (newestRepeat != NoRepeats && met <= newestRepeat);
    }

    /// <summary>The most pairs among the people not in <paramref name="outMask"/>, by trying everything.</summary>
    public static int MaxPairs(Instance x, int newestRepeat, int outMask = 0)
    {
        var n = x.Count;
        var compatible = new bool[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                compatible[i, j] = Compatible(x, i, j, newestRepeat);
            }
        }

        var memo = new Dictionary<int, int>();
        return Best(((1 << n) - 1) & ~outMask);

        int Best(int mask)
        {
            if (mask == 0)
            {
                return 0;
            }

            if (memo.TryGetValue(mask, out var known))
            {
                return known;
            }

            var i = System.Numerics.BitOperations.TrailingZeroCount(mask);
            var rest = mask & ~(1 << i);
            var best = Best(rest);
            for (var j = i + 1; j < n; j++)
            {
                if ((rest & (1 << j)) != 0 && compatible[i, j])
                {
                    best = Math.Max(best, 1 + Best(rest & ~(1 << j)));
                }
            }

            memo[mask] = best;
            return best;
        }
    }

    /// <summary>The rule set the plan's size is judged by: without the window when repeats may be relaxed.</summary>
    public static int Effective(Instance x) => x.Rules.RelaxRepeats ? AnyRepeat : NoRepeats;

    /// <summary>
    /// The newest meeting a maximum plan must repeat: none if a plan as large exists without repeats,
    /// otherwise the oldest window round r such that allowing repeats up to r reaches the maximum.
    /// </summary>
    public static int NewestNeededRepeat(Instance x)
    {
        var target = MaxPairs(x, Effective(x));
        if (MaxPairs(x, NoRepeats) == target)
        {
            return NoRepeats;
        }

        var rounds = x.History.Select(m => m.Round).Where(r => r >= x.Round - x.Rules.RepeatWindowRounds && r < x.Round).Distinct().Order();
        return rounds.First(r => MaxPairs(x, r) == target);
    }

    /// <summary>Every maximum plan (as sets of pairs) under the given repeat limit; for the uniformity test.</summary>
    public static List<string> AllMaximumPlans(Instance x, int newestRepeat)
    {
        var target = MaxPairs(x, newestRepeat);
        var plans = new List<string>();
        var pairs = new List<(int, int)>();
        Walk((1 << x.Count) - 1);
        return plans;

        void Walk(int mask)
        {
            if (pairs.Count == target)
            {
                plans.Add(PlanKey(pairs.Select(p => ($"p{p.Item1}", $"p{p.Item2}"))));
                return;
            }

            if (mask == 0)
            {
                return;
            }

            var i = System.Numerics.BitOperations.TrailingZeroCount(mask);
            var rest = mask & ~(1 << i);
            for (var j = i + 1; j < x.Count; j++)
            {
                if ((rest & (1 << j)) != 0 && Compatible(x, i, j, newestRepeat))
                {
                    pairs.Add((i, j));
                    Walk(rest & ~(1 << j));
                    pairs.RemoveAt(pairs.Count - 1);
                }
            }

            // Leave i out, if the remaining people can still make up the target.
            if (pairs.Count + MaxPairs(x, newestRepeat, ~rest & ((1 << x.Count) - 1)) >= target)
            {
                Walk(rest);
            }
        }
    }

    public static string PlanKey(IEnumerable<(string A, string B)> pairs) =>
        string.Join(" ", pairs.Select(p => string.CompareOrdinal(p.A, p.B) < 0 ? $"{p.A}+{p.B}" : $"{p.B}+{p.A}").Order(StringComparer.Ordinal));
}
