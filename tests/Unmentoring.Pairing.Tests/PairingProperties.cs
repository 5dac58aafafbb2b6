using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Unmentoring.Pairing.Tests;

/// <summary>The seven guarantees of the engine, each checked on generated schemes against the exhaustive reference.</summary>
[Properties(Arbitrary = [typeof(Generators)], MaxTest = 300)]
public sealed class PairingProperties
{
    [Property]
    public Property EveryoneIsInAtMostOneGroup(Instance x)
    {
        var plan = PairingEngine.Plan(x.ToRequest());
        var grouped = plan.Groups.SelectMany(g => g.Members).ToList();
        var leftOut = plan.SatOut.Concat(plan.Unmatched).Select(p => p.Id).ToList();
        var everyone = grouped.Concat(leftOut).ToList();
        return (everyone.Count == x.Count
                && everyone.Distinct(StringComparer.Ordinal).Count() == x.Count
                && plan.Groups.All(g => g.Count is 2 or 3 && g.Members.Count == g.Count)
                && plan.Outcomes.Count == x.Count
                && plan.Outcomes.Select((o, i) => o.Id == x.Participants[i].Id).All(same => same)
                && plan.Outcomes.All(o => o.Outcome == PairingOutcome.Paired
                    ? plan.Groups[o.GroupIndex].Members.Contains(o.Id)
                    : o.GroupIndex == -1 && leftOut.Contains(o.Id))
                && plan.Outcomes.All(o => !string.IsNullOrWhiteSpace(o.Reason))
                && plan.Stats.Matched == grouped.Count
                && plan.Seed == x.Seed)
            .Label(Describe(x, plan));
    }

    [Property]
    public Property NoGroupBreaksAHardRule(Instance x)
    {
        var plan = PairingEngine.Plan(x.ToRequest());
        var limit = Reference.Effective(x);
        var broken = new List<string>();
        var expectedRepeats = new List<(string, string, int)>();
        foreach (var g in plan.Groups)
        {
            var m = g.Members.Select(x.IndexOf).ToArray();
            for (var a = 0; a < m.Length; a++)
            {
                for (var b = a + 1; b < m.Length; b++)
                {
                    if (!Reference.Compatible(x, m[a], m[b], limit))
                    {
                        broken.Add($"{g.Members[a]}+{g.Members[b]}");
                    }

                    if (Reference.LastMet(x, m[a], m[b]) is { } round)
                    {
                        expectedRepeats.Add((g.Members[a], g.Members[b], round));
                    }
                }
            }
        }

        var reported = plan.Repeats.Select(r => (r.A, r.B, r.LastRound)).ToList();
        return (broken.Count == 0 && reported.SequenceEqual(expectedRepeats) && plan.Repeats.All(r => r.Reason.Length > 0))
            .Label($"broken: {string.Join(", ", broken)}; reported repeats {string.Join(",", reported)} vs {string.Join(",", expectedRepeats)}\n{Describe(x, plan)}");
    }

    [Property]
    public Property MatchesTheMaximumNumber(Instance x)
    {
        var plan = PairingEngine.Plan(x.ToRequest());
        var maximum = Reference.MaxPairs(x, Reference.Effective(x));
        return (plan.Groups.Count == maximum).Label($"groups {plan.Groups.Count}, maximum {maximum}\n{Describe(x, plan)}");
    }

    [Property]
    public Property MatchesTheMaximumNumberOnSparseGraphs(SparseInstance sparse)
    {
        var x = sparse.Value;
        var plan = PairingEngine.Plan(x.ToRequest());
        var maximum = Reference.MaxPairs(x, Reference.Effective(x));
        return (plan.Groups.Count == maximum).Label($"groups {plan.Groups.Count}, maximum {maximum}\n{Describe(x, plan)}");
    }

    [Property]
    public Property NoNeedlessRepeats(Instance generated)
    {
        // Pairs only (no trios), so every repeat belongs to the maximum matching the property is about.
        var x = generated with { Rules = generated.Rules with { RelaxRepeats = true, OddPolicy = OddPolicy.SitOut } };
        var plan = PairingEngine.Plan(x.ToRequest());
        var newest = Reference.NewestNeededRepeat(x);
        var ok = newest == Reference.NoRepeats
            ? plan.Repeats.Count == 0
            : plan.Repeats.Count > 0 && plan.Repeats.Max(r => r.LastRound) == newest;
        return ok.Label($"newest needed repeat {newest}, used {string.Join(",", plan.Repeats.Select(r => r.LastRound))}\n{Describe(x, plan)}");
    }

    [Property]
    public Property TriosAreCompatibleAndNobodyWhoCouldJoinIsLeftOut(Instance generated)
    {
        var x = generated with { Rules = generated.Rules with { OddPolicy = OddPolicy.Trio } };
        var plan = PairingEngine.Plan(x.ToRequest());
        var limit = Reference.Effective(x);
        bool Fits(int s, PairingGroup g) => g.Members.All(m => Reference.Compatible(x, s, x.IndexOf(m), limit));
        var triosFit = plan.Groups.Where(g => g.Count == 3)
            .All(g => Fits(x.IndexOf(g.Third!), new PairingGroup(g.First, g.Second)) && Reference.Compatible(x, x.IndexOf(g.First), x.IndexOf(g.Second), limit));
        var nobodyCouldJoin = plan.SatOut.Concat(plan.Unmatched)
            .All(s => plan.Groups.Where(g => g.Count == 2).All(g => !Fits(x.IndexOf(s.Id), g)));
        return (triosFit && nobodyCouldJoin).Label(Describe(x, plan));
    }

    [Property]
    public Property FairSitOut(Instance generated)
    {
        var x = generated with { Rules = generated.Rules with { OddPolicy = OddPolicy.SitOut } };
        var plan = PairingEngine.Plan(x.ToRequest());

        // Fairness is judged among plans that also keep the repeat rules (no needless or newer repeats).
        var limit = x.Rules.RelaxRepeats ? Reference.NewestNeededRepeat(x) : Reference.NoRepeats;
        var maximum = Reference.MaxPairs(x, limit);
        var leftOut = plan.SatOut.Concat(plan.Unmatched).Select(p => x.IndexOf(p.Id)).ToHashSet();
        var mask = leftOut.Aggregate(0, (m, i) => m | (1 << i));
        int Key(int i) => x.Participants[i].LastSatOutRound ?? int.MinValue;
        var unfair = new List<string>();
        foreach (var s in leftOut)
        {
            for (var other = 0; other < x.Count; other++)
            {
                // A fairer choice exists if someone who sat out longer ago could have been left out instead.
                if (!leftOut.Contains(other) && Key(other) < Key(s)
                    && Reference.MaxPairs(x, limit, (mask & ~(1 << s)) | (1 << other)) == maximum)
                {
                    unfair.Add($"p{s} sat out but p{other} could have");
                }
            }
        }

        var isolatedAreUnmatched = Enumerable.Range(0, x.Count).All(i =>
            leftOut.Contains(i) == false
            || (plan.Unmatched.Any(u => u.Id == $"p{i}") == !Enumerable.Range(0, x.Count).Any(j => Reference.Compatible(x, i, j, Reference.Effective(x)))));
        return (leftOut.Count == x.Count - (2 * maximum) && unfair.Count == 0 && isolatedAreUnmatched)
            .Label($"{string.Join("; ", unfair)}\n{Describe(x, plan)}");
    }

    [Property]
    public Property SameSeedSamePlanWhateverTheInputOrder(Instance x, int shuffleSeed)
    {
        var random = new Random(shuffleSeed);
        var order = Enumerable.Range(0, x.Count).ToArray();
        random.Shuffle(order);
        var newIndex = new int[x.Count];
        for (var i = 0; i < order.Length; i++)
        {
            newIndex[order[i]] = i;
        }

        var history = x.History.Select(m => random.Next(2) == 0
            ? new PastMeeting(newIndex[m.A], newIndex[m.B], m.Round)
            : new PastMeeting(newIndex[m.B], newIndex[m.A], m.Round)).ToArray();
        var exclusions = x.Exclusions.Select(e => new ExcludedPair(newIndex[e.B], newIndex[e.A])).ToArray();
        random.Shuffle(history);
        random.Shuffle(exclusions);
        var reordered = x with
        {
            Participants = [.. order.Select(i => x.Participants[i])],
            History = history,
            Exclusions = exclusions,
        };

        var a = PairingEngine.Plan(x.ToRequest());
        var b = PairingEngine.Plan(reordered.ToRequest());
        var again = PairingEngine.Plan(x.ToRequest());
        return (Same(a, b) && Same(a, again)).Label($"{Describe(x, a)}\nreordered:\n{Describe(reordered, b)}");

        static bool Same(PairingPlan p, PairingPlan q) =>
            p.Groups.SequenceEqual(q.Groups)
            && p.SatOut.SequenceEqual(q.SatOut)
            && p.Unmatched.SequenceEqual(q.Unmatched)
            && p.Repeats.SequenceEqual(q.Repeats)
            && p.Outcomes.OrderBy(o => o.Id, StringComparer.Ordinal).SequenceEqual(q.Outcomes.OrderBy(o => o.Id, StringComparer.Ordinal));
    }

    internal static string Describe(Instance x, PairingPlan plan) =>
        $"{x}\n  plan: {string.Join(" | ", plan.Groups.Select(g => string.Join("+", g.Members)))}; sat out: {string.Join(",", plan.SatOut.Select(s => s.Id))}; unmatched: {string.Join(",", plan.Unmatched.Select(s => s.Id))}";
}
