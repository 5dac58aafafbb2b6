using System.Diagnostics;

namespace Unmentoring.Pairing;

// Why the engine works the way it does.
//
// The promise to participants is: as many people as possible meet someone new, nobody is left out for
// the convenience of the algorithm, the draw is fair, and a stored seed replays the round exactly. The
// steps below each keep one part of that promise, cheaply enough for a million people in half a second.
//
// 1. Order. People are sorted by a seeded hash of their id. That is a shuffle (so "first compatible
//    person after me" is a random choice) and it is independent of the order the caller listed them in.
// 2. Greedy. Walking that order, each person takes the first compatible unmatched person after them. On a
//    realistic pool (organisations of twenty, a dozen past partners each) almost every first candidate is
//    compatible, so this pairs nearly everyone in O(n), and when nothing constrains it, it is exactly a
//    uniformly random pairing. Compatibility is tested on the fly against small rows of forbidden
//    partners; the O(n²) edges of a mostly compatible pool are never built. Building those rows is most
//    of the cost at a million people (12 million entries), so they are built block by block, each block
//    in cache, with the history split between the two cores. A small dense pool (people have met a large
//    share of everyone) keeps a bit per pair instead, so "may these two meet?" is one bit test; its rows,
//    with rounds, are built only if repeats must be considered. Pure jobs run on both cores only where the
//    result cannot depend on timing (each part writes its own disjoint output).
// 3. Repair to maximum. Greedy passes are not maximum (peers' "not pairing everyone" bug). Edmonds'
//    blossom search from each free person finds augmenting paths until none exists, which proves the
//    matching maximum. Only the few people greedy left free start a search; each newly reached person is
//    tried against those free people first, so in a dense pool a search ends within a few steps, and a
//    failed search's Hungarian tree is pruned (no augmenting path can use it), bounding the total work.
// 4. Repeats only when needed. The maximum is first found without any meeting in the window. With
//    relaxRepeats, the maximum without the window is compared; if it is larger, the oldest tier of
//    meetings that still reaches it is found by binary search and only meetings at least that old may be
//    repeated. So no repeat is ever used when a plan as large without one exists, and the newest repeat is
//    as old as it can be. (The number of repeats is not minimised: that is a weighted matching, and the
//    best-effort rule is what organisers asked for.)
// 5. Fair sit-out. The people a maximum matching leaves out form the bases of a matroid, so choosing them
//    greedily by priority (never sat out first, then longest ago, ties by the seeded order) is optimal.
//    Asking "can this person be left out and the plan stay maximum?" takes a single augmenting search
//    from their partner, because any augmenting path after the split must start there.
// 6. Near-uniform. Greedy plus repair is biased on constrained pools. A Markov chain of random re-pairings
//    of two or three pairs that keep every rule (and create no repeat) has the uniform distribution over
//    valid plans as its stationary distribution; a few sweeps bring small pools to the noise floor. On
//    huge pools the chain runs a bounded number of steps: there almost every first choice is compatible,
//    so the greedy plan is already close to uniform, and the budget goes to the half-second target.
// 7. Trios. A person left over joins a pair whose two members can both be matched with them, chosen
//    uniformly among such pairs; if pairs compete for people, an augmenting search over pairs places as
//    many as possible. Only people who fit no pair at all sit out.
public static partial class PairingEngine
{
    private const int ProposalsPerPair = 8;
    private const int MinProposals = 2_000;
    private const int MaxProposals = 200_000;

    /// <summary>Plans one round. Pure: the same request gives the same plan, apart from the elapsed time.</summary>
    public static PairingPlan Plan(PairingRequest request) => Plan(request, ForbiddenStore.Auto);

    /// <summary>Plans with a chosen store of forbidden pairs; the store changes only the speed, never the plan (tests hold it to that).</summary>
    internal static PairingPlan Plan(PairingRequest request, ForbiddenStore store)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Participants);
        ArgumentNullException.ThrowIfNull(request.Rules);
        var clock = Stopwatch.StartNew();
        var rules = request.Rules;
        var problem = PairingProblem.Build(request, store);
        var random = new SeededRandom(request.Seed ^ 0x9A1B_5EED_0F_C0FFEEUL);

        var matching = new Matching(problem);
        matching.Greedy();
        matching.Maximise(PairingProblem.NoRepeats);
        var relaxTier = rules.RelaxRepeats && problem.WindowRounds.Length > 0 ? problem.WindowRounds[^1] : PairingProblem.NoRepeats;
        var pairTier = PairingProblem.NoRepeats;
        if (relaxTier != PairingProblem.NoRepeats && matching.Free.Count >= 2)
        {
            (matching, pairTier) = RelaxOldestFirst(problem, matching);
        }

        var leftOut = ChooseWhoSitsOut(problem, matching, pairTier);
        var (first, second) = CollectPairs(matching);
        Shuffle(problem, first, second, random);

        var extra = new int[first.Length];
        PairingProblem.Fill(extra, -1);
        int[] tiers = relaxTier == PairingProblem.NoRepeats ? [PairingProblem.NoRepeats] : [PairingProblem.NoRepeats, relaxTier];
        var isolated = new bool[leftOut.Count];
        var trioTierUsed = PairingProblem.NoRepeats;
        for (var i = 0; i < leftOut.Count; i++)
        {
            isolated[i] = IsIsolated(problem, leftOut[i], relaxTier);
        }

        if (rules.OddPolicy == OddPolicy.Trio)
        {
            foreach (var tier in tiers)
            {
                for (var i = 0; i < leftOut.Count; i++)
                {
                    var s = leftOut[i];
                    if (!isolated[i] && Array.IndexOf(extra, s) < 0 && PlaceInTrio(problem, s, first, second, extra, tier, random))
                    {
                        trioTierUsed = Math.Max(trioTierUsed, tier);
                    }
                }
            }
        }

        var plan = Describe(request, problem, first, second, extra, leftOut, isolated, pairTier != PairingProblem.NoRepeats || trioTierUsed != PairingProblem.NoRepeats, random, clock);
        return plan;
    }

    /// <summary>
    /// Finds the oldest tier of meetings whose repetition reaches the maximum without the window, and the
    /// maximum matching under it. Tiers are monotone (more allowed meetings never shrink the maximum), so
    /// a binary search needs a handful of augmentations from the window-respecting maximum.
    /// </summary>
    private static (Matching Matching, int Tier) RelaxOldestFirst(PairingProblem problem, Matching withoutRepeats)
    {
        var rounds = problem.WindowRounds;
        var best = withoutRepeats.Clone();
        best.Maximise(rounds[^1]);
        if (best.Pairs == withoutRepeats.Pairs)
        {
            return (withoutRepeats, PairingProblem.NoRepeats);
        }

        var lo = 0;
        var hi = rounds.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            var trial = withoutRepeats.Clone();
            trial.Maximise(rounds[mid]);
            if (trial.Pairs == best.Pairs)
            {
                hi = mid;
                best = trial;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return (best, rounds[lo]);
    }

    /// <summary>
    /// Leaves out, of everyone who could be left out of a maximum plan, those who sat out longest ago
    /// (never first), ties in seeded order: the greedy algorithm on the matroid whose bases are the sets a
    /// maximum matching can leave out.
    /// </summary>
    private static List<int> ChooseWhoSitsOut(PairingProblem problem, Matching matching, int pairTier)
    {
        var leftOut = new List<int>();
        var k = matching.Free.Count;
        if (k == 0)
        {
            return leftOut;
        }

        ReadOnlySpan<int> tiers = pairTier == PairingProblem.NoRepeats ? [PairingProblem.NoRepeats] : [PairingProblem.NoRepeats, pairTier];
        var keys = problem.SitOutKey;
        var n = problem.Count;
        var inPlay = k > 1 || n <= 50_000 ? matching.LeavableSet(pairTier) : null;
        long previous = long.MinValue;
        while (leftOut.Count < k)
        {
            var level = long.MaxValue;
            for (var v = 0; v < n; v++)
            {
                if (keys[v] > previous && keys[v] < level)
                {
                    level = keys[v];
                }
            }

            if (level == long.MaxValue)
            {
                break;
            }

            for (var v = 0; v < n && leftOut.Count < k; v++)
            {
                if (keys[v] == level && (inPlay is null || inPlay[v]) && matching.TryLeaveOut(v, tiers))
                {
                    leftOut.Add(v);
                }
            }

            previous = level;
        }

        return leftOut;
    }

    private static (int[] First, int[] Second) CollectPairs(Matching matching)
    {
        var mate = matching.Mate;
        var first = new int[matching.Pairs];
        var second = new int[matching.Pairs];
        var count = 0;
        for (var v = 0; v < mate.Length; v++)
        {
            if (mate[v] > v)
            {
                first[count] = v;
                second[count] = mate[v];
                count++;
            }
        }

        return (first, second);
    }

    /// <summary>
    /// Random re-pairings of two or three pairs (a1b1, a2b2 → b1a2, b2a1, and the three-way rotation),
    /// accepted when every new pair keeps every rule and repeats nothing. The proposal is symmetric, so the
    /// chain's stationary distribution is uniform over the plans it can reach; rotations of three reach
    /// plans that differ by an alternating 6-cycle, which swaps of two cannot.
    /// </summary>
    private static void Shuffle(PairingProblem problem, int[] first, int[] second, SeededRandom random)
    {
        var pairs = first.Length;
        if (pairs < 2)
        {
            return;
        }

        var proposals = (int)Math.Clamp((long)pairs * ProposalsPerPair, MinProposals, MaxProposals);
        var rule = problem.NoRepeatsRule;
        for (var step = 0; step < proposals; step++)
        {
            var i = random.NextInt(pairs);
            var j = random.NextInt(pairs - 1);
            j += j >= i ? 1 : 0;
            var bits = random.NextUInt64();
            var (a1, b1) = Oriented(first[i], second[i], bits, 0);
            var (a2, b2) = Oriented(first[j], second[j], bits, 1);
            if (pairs < 3 || (bits & 4) == 0)
            {
                if (rule.Compatible(b1, a2) && rule.Compatible(b2, a1))
                {
                    (first[i], second[i]) = (b1, a2);
                    (first[j], second[j]) = (b2, a1);
                }

                continue;
            }

            var l = random.NextInt(pairs - 2);
            l += l >= Math.Min(i, j) ? 1 : 0;
            l += l >= Math.Max(i, j) ? 1 : 0;
            var (a3, b3) = Oriented(first[l], second[l], bits, 3);
            if (rule.Compatible(b1, a2) && rule.Compatible(b2, a3) && rule.Compatible(b3, a1))
            {
                (first[i], second[i]) = (b1, a2);
                (first[j], second[j]) = (b2, a3);
                (first[l], second[l]) = (b3, a1);
            }
        }

        // The pair turned round when the given bit is set; masks, not a branch, as the bit is random.
        static (int, int) Oriented(int x, int y, ulong bits, int bit)
        {
            var swap = (x ^ y) & -(int)((bits >> bit) & 1);
            return (x ^ swap, y ^ swap);
        }
    }
}
