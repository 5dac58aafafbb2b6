using Xunit;

namespace Unmentoring.Pairing.Tests;

/// <summary>
/// Guarantee 6, randomness. The seeds are fixed, so these are deterministic: they fail only if the
/// engine's distribution changes, never by bad luck on a given run.
/// </summary>
public sealed class UniformityTests
{
    /// <summary>χ² critical values at p = 0.001, by degrees of freedom.</summary>
    private static readonly Dictionary<int, double> ChiSquareCritical = new() { [1] = 10.828, [2] = 13.816, [9] = 27.877, [14] = 36.123 };

    [Fact]
    public void WithNoConstraints_EveryPairingIsEquallyLikely()
    {
        // Six people with nothing between them: 15 possible pairings.
        var counts = CountPlans(Unconstrained(6), seeds: 15_000);
        Assert.Equal(15, counts.Count);
        AssertUniform(counts, 15_000);
    }

    [Fact]
    public void WithNoConstraintsAndAnOddCount_EveryPairAndTrioIsEquallyLikely()
    {
        // Five people: a pair and a trio, 10 ways to choose the pair.
        var counts = CountPlans(Unconstrained(5), seeds: 10_000);
        Assert.Equal(10, counts.Count);
        AssertUniform(counts, 10_000);
    }

    [Fact]
    public void TheArrangerIsEitherMemberEquallyOften()
    {
        var x = Unconstrained(2);
        var firstCount = Enumerable.Range(0, 4_000).Count(seed => PairingEngine.Plan(x.ToRequest() with { Seed = (ulong)seed }).Groups[0].Arranger == "p0");
        AssertUniform(new Dictionary<string, int> { ["p0"] = firstCount, ["p1"] = 4_000 - firstCount }, 4_000);
    }

    [Fact]
    public void WithConstraints_PlansAreCloseToUniformOverAllValidMaximumPlans()
    {
        // Ten people, five of them from one organisation, with exclusions and recent meetings between
        // the others: 26 valid plans, on which greedy plus repair alone is measurably biased.
        string[] orgs = ["a", "a", "a", "a", "a", "b", "b", "b", "c", "d"];
        var x = new Instance(
            [.. orgs.Select((o, i) => new PairingParticipant($"p{i}", o))],
            [new PastMeeting(4, 6, 15), new PastMeeting(2, 5, 19)],
            [new ExcludedPair(0, 6), new ExcludedPair(1, 5), new ExcludedPair(1, 8), new ExcludedPair(2, 9), new ExcludedPair(3, 7)],
            PairingRules.Default,
            Generators.PlannedRound,
            0);
        var valid = Reference.AllMaximumPlans(x, Reference.NoRepeats);
        Assert.Equal(5, Reference.MaxPairs(x, Reference.NoRepeats));
        Assert.Equal(26, valid.Count);

        const int Samples = 40_000;
        var counts = CountPlans(x, Samples);
        Assert.All(counts.Keys, plan => Assert.Contains(plan, valid));
        var distance = 0.5 * valid.Sum(plan => Math.Abs((counts.GetValueOrDefault(plan) / (double)Samples) - (1.0 / valid.Count)));
        Assert.True(distance < 0.03, $"total variation distance {distance:F4} over {valid.Count} valid plans");
    }

    private static Instance Unconstrained(int n) => new(
        [.. Enumerable.Range(0, n).Select(i => new PairingParticipant($"p{i}"))],
        [],
        [],
        PairingRules.Default,
        Generators.PlannedRound,
        0);

    private static Dictionary<string, int> CountPlans(Instance x, int seeds)
    {
        var counts = new Dictionary<string, int>();
        var request = x.ToRequest();
        for (var seed = 0; seed < seeds; seed++)
        {
            var plan = PairingEngine.Plan(request with { Seed = (ulong)seed });

            // A trio counts by its pair-and-third shape: which two people are the pair.
            var key = Reference.PlanKey(plan.Groups.Where(g => g.Count == 2).Select(g => (g.First, g.Second)))
                + string.Concat(plan.Groups.Where(g => g.Count == 3).Select(g => " trio:" + string.Join("+", g.Members.Order(StringComparer.Ordinal))));
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return counts;
    }

    private static void AssertUniform(IReadOnlyDictionary<string, int> counts, int total)
    {
        var expected = total / (double)counts.Count;
        var chiSquare = counts.Values.Sum(c => (c - expected) * (c - expected) / expected);
        var critical = ChiSquareCritical[counts.Count - 1];
        Assert.True(chiSquare < critical, $"χ² = {chiSquare:F2} with {counts.Count - 1} degrees of freedom (critical {critical})");
    }
}
