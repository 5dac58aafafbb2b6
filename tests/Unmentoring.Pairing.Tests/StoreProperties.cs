using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Unmentoring.Pairing.Tests;

/// <summary>
/// How the engine stores forbidden partners (rows, or a bit matrix for small dense pools) is a matter of
/// speed only: every store must give exactly the same plan, so the guarantees checked on one hold for all.
/// </summary>
[Properties(Arbitrary = [typeof(Generators)], MaxTest = 300)]
public sealed class StoreProperties
{
    [Property]
    public Property EveryStoreGivesTheSamePlan(Instance x)
    {
        var request = x.ToRequest();
        var rows = PairingEngine.Plan(request, ForbiddenStore.Rows);
        var bits = PairingEngine.Plan(request, ForbiddenStore.Bitset);
        var auto = PairingEngine.Plan(request);
        return (Same(rows, bits) && Same(rows, auto)).Label($"{PairingProperties.Describe(x, rows)}\nwith bits:\n{PairingProperties.Describe(x, bits)}");
    }

    [Property]
    public Property EveryStoreGivesTheSamePlanOnSparseGraphs(SparseInstance sparse)
    {
        var request = sparse.Value.ToRequest();
        var rows = PairingEngine.Plan(request, ForbiddenStore.Rows);
        var bits = PairingEngine.Plan(request, ForbiddenStore.Bitset);
        return Same(rows, bits).Label($"{PairingProperties.Describe(sparse.Value, rows)}\nwith bits:\n{PairingProperties.Describe(sparse.Value, bits)}");
    }

    [Fact]
    public void DenseSchemeWithRepeatsNeeded_SamePlanFromEveryStore()
    {
        // 120 people in 6 organisations who have met most of the people they could meet: the bit matrix is
        // chosen, the window must be relaxed, and the rows are built for the rounds on demand.
        const int N = 120;
        var people = Enumerable.Range(0, N).Select(i => new PairingParticipant($"p{i}", $"org{i % 6}")).ToArray();
        var history = new List<PastMeeting>();
        for (var a = 0; a < N; a++)
        {
            for (var b = a + 1; b < N; b++)
            {
                if (a % 6 != b % 6 && (a * 31 + b * 17) % 23 != 0)
                {
                    history.Add(new PastMeeting(a, b, 1 + ((a + b) % 30)));
                }
            }
        }

        var request = new PairingRequest { Participants = people, History = history, Round = 31, Seed = 5, Rules = new PairingRules(RepeatWindowRounds: 30) };
        var rows = PairingEngine.Plan(request, ForbiddenStore.Rows);
        var bits = PairingEngine.Plan(request, ForbiddenStore.Bitset);
        var auto = PairingEngine.Plan(request);
        Assert.True(Same(rows, bits));
        Assert.True(Same(rows, auto));
        Assert.Equal(N, rows.Stats.Matched);
        Assert.NotEmpty(rows.Repeats);
    }

    internal static bool Same(PairingPlan p, PairingPlan q) =>
        p.Groups.SequenceEqual(q.Groups)
        && p.SatOut.SequenceEqual(q.SatOut)
        && p.Unmatched.SequenceEqual(q.Unmatched)
        && p.Repeats.SequenceEqual(q.Repeats)
        && p.Outcomes.SequenceEqual(q.Outcomes);
}
