using Xunit;

namespace Unmentoring.Pairing.Tests;

/// <summary>Named edge cases, read as specifications.</summary>
public sealed class PairingExamples
{
    private static PairingPlan Plan(IEnumerable<PairingParticipant> people, PairingRules? rules = null, ExcludedPair[]? exclusions = null, PastMeeting[]? history = null, ulong seed = 1) =>
        PairingEngine.Plan(new PairingRequest
        {
            Participants = [.. people],
            Exclusions = exclusions ?? [],
            History = history ?? [],
            Rules = rules ?? PairingRules.Default,
            Round = 20,
            Seed = seed,
        });

    private static IEnumerable<PairingParticipant> People(int n, Func<int, string?>? organisation = null) =>
        Enumerable.Range(0, n).Select(i => new PairingParticipant($"p{i}", organisation?.Invoke(i) ?? $"org{i}"));

    [Fact]
    public void Plan_NobodyTakingPart_IsEmpty()
    {
        var plan = Plan([]);
        Assert.Empty(plan.Groups);
        Assert.Empty(plan.Outcomes);
        Assert.Equal(0, plan.Stats.Participants);
    }

    [Fact]
    public void Plan_OnePerson_IsUnmatchedWithAReason()
    {
        var plan = Plan(People(1));
        var alone = Assert.Single(plan.Unmatched);
        Assert.Equal("p0", alone.Id);
        Assert.StartsWith("Nobody else taking part this round can be paired with you", alone.Reason, StringComparison.Ordinal);
        Assert.Equal(PairingOutcome.Unmatched, plan.Outcomes[0].Outcome);
    }

    [Fact]
    public void Plan_TwoPeople_ArePaired()
    {
        var plan = Plan(People(2));
        var group = Assert.Single(plan.Groups);
        Assert.Equal(["p0", "p1"], group.Members.Order(StringComparer.Ordinal));
        Assert.All(plan.Outcomes, o => Assert.Equal(PairingOutcome.Paired, o.Outcome));
    }

    [Fact]
    public void Plan_ThreePeopleWithTrioPolicy_MakeOneTrio()
    {
        var plan = Plan(People(3));
        var group = Assert.Single(plan.Groups);
        Assert.Equal(3, group.Count);
        Assert.Equal(1, plan.Stats.Trios);
        Assert.Equal(3, plan.Stats.Matched);
    }

    [Fact]
    public void Plan_ThreePeopleWithSitOutPolicy_OneSitsOutAndTheyGoFirstNextTime()
    {
        var rules = PairingRules.Default with { OddPolicy = OddPolicy.SitOut };
        var people = People(3).ToArray();
        var plan = Plan(people, rules);
        var satOut = Assert.Single(plan.SatOut);
        Assert.Contains("go first next time", satOut.Reason, StringComparison.Ordinal);

        // Next round, the one who just sat out is the last person who could be asked to.
        var next = Plan(people.Select(p => p.Id == satOut.Id ? p with { LastSatOutRound = 20 } : p), rules, seed: 2);
        Assert.NotEqual(satOut.Id, Assert.Single(next.SatOut).Id);
    }

    [Fact]
    public void Plan_SitOut_PicksWhoeverSatOutLongestAgo()
    {
        var people = new[]
        {
            new PairingParticipant("recent", "a", LastSatOutRound: 19),
            new PairingParticipant("long-ago", "b", LastSatOutRound: 3),
            new PairingParticipant("middle", "c", LastSatOutRound: 10),
        };
        for (ulong seed = 0; seed < 20; seed++)
        {
            var plan = Plan(people, PairingRules.Default with { OddPolicy = OddPolicy.SitOut }, seed: seed);
            Assert.Equal("long-ago", Assert.Single(plan.SatOut).Id);
        }
    }

    [Fact]
    public void Plan_EveryoneInOneOrganisation_NobodyIsPairedAndEachIsToldWhy()
    {
        var plan = Plan(People(5, _ => "Same Council"));
        Assert.Empty(plan.Groups);
        Assert.Equal(5, plan.Unmatched.Count);
        Assert.All(plan.Unmatched, u => Assert.Contains("from your organisation", u.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_EveryoneInOneOrganisationWhenTheRuleIsOff_EveryoneIsPaired()
    {
        var plan = Plan(People(4, _ => "Same Council"), PairingRules.Default with { AvoidSameOrganisation = false });
        Assert.Equal(2, plan.Groups.Count);
    }

    [Fact]
    public void Plan_OrganisationFromEmailDomain_IsAvoided()
    {
        var people = new[]
        {
            new PairingParticipant("a", Email: "ann@leeds.gov.uk"),
            new PairingParticipant("b", Organisation: " LEEDS.GOV.UK "),
            new PairingParticipant("c", Email: "cy@york.gov.uk"),
            new PairingParticipant("d", Email: "di@york.gov.uk"),
        };
        var plan = Plan(people);
        Assert.Equal(2, plan.Groups.Count);
        Assert.All(plan.Groups, g => Assert.NotEqual(g.Members.Contains("a"), g.Members.Contains("b")));
    }

    [Fact]
    public void Plan_EveryPairExcluded_NobodyIsPaired()
    {
        var exclusions = new[] { new ExcludedPair(0, 1), new ExcludedPair(0, 2), new ExcludedPair(1, 2), new ExcludedPair(2, 3), new ExcludedPair(1, 3), new ExcludedPair(0, 3) };
        var plan = Plan(People(4), exclusions: exclusions);
        Assert.Empty(plan.Groups);
        Assert.Equal(4, plan.Unmatched.Count);
    }

    [Fact]
    public void Plan_OddCountWithNoCompatibleTrio_LeftOverSitsOut()
    {
        // p2 can meet p0 or p1 but not both; the pair p0+p1 is the only pair possible, so p2 sits out.
        var plan = Plan(People(3), exclusions: [new ExcludedPair(2, 1)]);
        Assert.Equal(2, Assert.Single(plan.Groups).Count);
        var satOut = Assert.Single(plan.SatOut);
        Assert.Contains("no group had room for you", satOut.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_RecentMeetingWithRelaxRepeatsOff_LeavesBothUnmatched()
    {
        var plan = Plan(People(2), PairingRules.Default with { RelaxRepeats = false }, history: [new PastMeeting(0, 1, 19)]);
        Assert.Empty(plan.Groups);
        Assert.Equal(2, plan.Unmatched.Count);
        Assert.Contains("met you in the last 12 rounds", plan.Unmatched[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_OnlyPossiblePairIsARecentMeeting_RepeatsItAndSaysWhy()
    {
        var plan = Plan(People(2), history: [new PastMeeting(0, 1, 15), new PastMeeting(1, 0, 17)]);
        Assert.Single(plan.Groups);
        var repeat = Assert.Single(plan.Repeats);
        Assert.Equal(17, repeat.LastRound);
        Assert.Contains("round 17", repeat.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_MeetingOutsideTheWindow_IsNotARepeat()
    {
        var plan = Plan(People(2), history: [new PastMeeting(0, 1, 20 - 13)]);
        Assert.Single(plan.Groups);
        Assert.Empty(plan.Repeats);
    }

    [Fact]
    public void Plan_OlderRepeatPreferredToNewer()
    {
        // p0 has met p1 (round 18) and p2 (round 9); p1 and p2 are in the same organisation.
        var people = new[] { new PairingParticipant("p0", "x"), new PairingParticipant("p1", "y"), new PairingParticipant("p2", "y") };
        var rules = PairingRules.Default with { OddPolicy = OddPolicy.SitOut };
        for (ulong seed = 0; seed < 20; seed++)
        {
            var plan = Plan(people, rules, history: [new PastMeeting(0, 1, 18), new PastMeeting(0, 2, 9)], seed: seed);
            Assert.Equal(9, Assert.Single(plan.Repeats).LastRound);
        }
    }

    [Fact]
    public void Plan_DuplicateIds_AreRejected()
    {
        Assert.Throws<ArgumentException>(() => Plan([new PairingParticipant("same"), new PairingParticipant("same")]));
    }

    [Fact]
    public void Plan_DifferentSeeds_GiveDifferentPlans()
    {
        var people = People(40).ToArray();
        var plans = Enumerable.Range(0, 5).Select(s => string.Join(" ", Plan(people, seed: (ulong)s).Groups.Select(g => string.Join("+", g.Members)))).ToHashSet();
        Assert.Equal(5, plans.Count);
    }

    [Fact]
    public void Plan_DenseLongRunningScheme_IsStillMaximum()
    {
        // 200 people who have each met 150 others: a shrunken copy of the long-running benchmark.
        const int N = 200;
        var history = new List<PastMeeting>();
        for (var p = 0; p < N; p++)
        {
            for (var d = 1; d <= 75; d++)
            {
                history.Add(new PastMeeting(p, (p + d) % N, 1 + ((p * 7 + d) % 150)));
            }
        }

        var plan = Plan(People(N), PairingRules.Default with { RepeatWindowRounds = 200, RelaxRepeats = false }, history: [.. history]);
        Assert.Equal(N / 2, plan.Groups.Count);
        Assert.Empty(plan.Repeats);
    }
}
