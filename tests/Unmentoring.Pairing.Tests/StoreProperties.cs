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
        var blocks = PairingEngine.Plan(request, ForbiddenStore.PartitionedRows);
        var auto = PairingEngine.Plan(request);
        return (Same(rows, bits) && Same(rows, blocks) && Same(rows, auto)).Label($"{PairingProperties.Describe(x, rows)}\nwith bits:\n{PairingProperties.Describe(x, bits)}");
    }

    [Property]
    public Property EveryStoreGivesTheSamePlanOnSparseGraphs(SparseInstance sparse)
    {
        var request = sparse.Value.ToRequest();
        var rows = PairingEngine.Plan(request, ForbiddenStore.Rows);
        var bits = PairingEngine.Plan(request, ForbiddenStore.Bitset);
        var blocks = PairingEngine.Plan(request, ForbiddenStore.PartitionedRows);
        return (Same(rows, bits) && Same(rows, blocks)).Label($"{PairingProperties.Describe(sparse.Value, rows)}\nwith bits:\n{PairingProperties.Describe(sparse.Value, bits)}");
    }

    [Property]
    public Property EveryStoreAnswersEveryPairLikeTheReference(Instance x)
    {
        // The no-repeats question first, while the rounds are not built (rows and signatures only), then
        // every repeat tier and the rounds themselves, which builds them on demand.
        var request = x.ToRequest();
        var tiers = x.History.Select(m => m.Round).Distinct().Order().Prepend(PairingProblem.NoRepeats).ToArray();
        var wrong = new List<string>();
        foreach (var store in new[] { ForbiddenStore.Rows, ForbiddenStore.PartitionedRows, ForbiddenStore.Bitset })
        {
            var problem = PairingProblem.Build(request, store);
            foreach (var tier in tiers)
            {
                for (var i = 0; i < x.Count; i++)
                {
                    for (var j = 0; j < x.Count; j++)
                    {
                        if (i != j && problem.Compatible(problem.VertexOf[i], problem.VertexOf[j], tier) != Reference.Compatible(x, i, j, tier))
                        {
                            wrong.Add($"{store}: {i}-{j} compatible under tier {tier}");
                        }
                    }
                }
            }

            for (var i = 0; i < x.Count; i++)
            {
                for (var j = 0; j < x.Count; j++)
                {
                    var expected = Reference.Excluded(x, i, j) ? PairingProblem.Never : Reference.LastMet(x, i, j) ?? int.MinValue;
                    if (i != j && problem.MetRound(problem.VertexOf[i], problem.VertexOf[j]) != expected)
                    {
                        wrong.Add($"{store}: {i}-{j} last met");
                    }
                }
            }
        }

        return (wrong.Count == 0).Label($"{x}\n{string.Join("\n", wrong.Take(10))}");
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

    [Fact]
    public void LargePool_RowsBuiltInBlocksAreTheRowsBuiltDirectly()
    {
        // Large enough for the block-by-block build; with exclusions, repeated meetings and one long row.
        const int N = 70_000;
        var random = new Random(3);
        var people = Enumerable.Range(0, N).Select(i => new PairingParticipant($"p{i}", $"org{i % 3_000}")).ToArray();
        var history = new List<PastMeeting>();
        for (var k = 0; k < 4 * N; k++)
        {
            var a = random.Next(N);
            var b = random.Next(N);
            history.Add(new PastMeeting(a, b, random.Next(1, 20)));
        }

        for (var k = 0; k < 40; k++)
        {
            history.Add(new PastMeeting(7, random.Next(N), random.Next(1, 20)));
        }

        var exclusions = Enumerable.Range(0, 500).Select(_ => new ExcludedPair(random.Next(N), random.Next(N))).ToArray();
        var request = new PairingRequest { Participants = people, History = history, Exclusions = exclusions, Round = 20, Seed = 11 };
        var direct = PairingProblem.Build(request, ForbiddenStore.Rows);
        var blocks = PairingProblem.Build(request);
        direct.EnsureRows();
        blocks.EnsureRows();
        Assert.False(blocks.UsesBitset);
        Assert.Equal(direct.RowStart, blocks.RowStart);
        Assert.Equal(direct.Rows, blocks.Rows);
        Assert.Equal(direct.WindowRounds, blocks.WindowRounds);
        Assert.True(Same(PairingEngine.Plan(request, ForbiddenStore.Rows), PairingEngine.Plan(request)));
    }

    [Fact]
    public void LongDenseHistory_BitsGiveTheSamePlanAsRows()
    {
        // A long dense history (once filled on both cores, now on one): most pairs have met, some long ago.
        const int N = 900;
        var people = Enumerable.Range(0, N).Select(i => new PairingParticipant($"p{i}", $"org{i % 40}")).ToArray();
        var history = new List<PastMeeting>();
        for (var a = 0; a < N; a++)
        {
            for (var b = a + 1; b < N; b++)
            {
                if ((a + (3 * b)) % 5 != 0)
                {
                    history.Add(new PastMeeting(a, b, 1 + ((a * b) % 400)));
                }
            }
        }

        var exclusions = Enumerable.Range(0, 50).Select(i => new ExcludedPair(i, N - 1 - i)).ToArray();
        var request = new PairingRequest { Participants = people, History = history, Exclusions = exclusions, Round = 401, Seed = 3, Rules = new PairingRules(RepeatWindowRounds: 300) };
        Assert.True(history.Count >= 1 << 18);
        Assert.True(PairingProblem.Build(request).UsesBitset);
        var rows = PairingEngine.Plan(request, ForbiddenStore.Rows);
        Assert.True(Same(rows, PairingEngine.Plan(request)));
        Assert.Equal(N, rows.Stats.Matched);
    }

    [Fact]
    public void OrganisationNumbers_EqualExactlyWhenTheNamesAreEqualIgnoringCase()
    {
        // Our own table numbers ASCII names and the dictionary the rest; the numbers must still meet exactly
        // when OrdinalIgnoreCase says the names are the same (trimmed, the email domain when blank).
        var random = new Random(12);
        string[] stems = ["leeds.gov.uk", "LEEDS.gov.uk", "York", "york ", "İstanbul", "istanbul", "ıstanbul", "Straße", "STRASSE", "straße", "KELVIN", "\u212Aelvin", "kelvin", "a", "A", "ab", "abcd", "ABCD", "abcde", "abcdefgh", "ABCDEFGH", "abcdefghi", "Zz[`{@", "zZ[`{@", "1234", "council-7.gov.uk", "Council-7.GOV.UK", "council-17.gov.uk"];
        var people = new List<PairingParticipant>();
        for (var i = 0; i < 3_000; i++)
        {
            var stem = stems[random.Next(stems.Length)];
            var name = random.Next(5) == 0 ? $"org-{random.Next(400)}" : stem;
            var cased = new string(name.Select(c => random.Next(2) == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c)).ToArray());
            people.Add(random.Next(6) == 0 ? new PairingParticipant($"p{i}", Email: $"x@{cased}") : new PairingParticipant($"p{i}", random.Next(3) == 0 ? $" {cased} " : cased));
        }

        var (numbers, _) = PairingProblem.ReadOrganisations(people);
        var names = people.Select(p => PairingProblem.OrganisationName(p).ToString()).ToArray();
        for (var i = 0; i < people.Count; i += 7)
        {
            for (var j = 0; j < people.Count; j++)
            {
                Assert.True(numbers[i] == numbers[j] == string.Equals(names[i], names[j], StringComparison.OrdinalIgnoreCase), $"{names[i]} and {names[j]}");
            }
        }
    }

    [Fact]
    public void BucketSort_SortsLikeArraySort()
    {
        var random = new Random(9);
        foreach (var n in new[] { 4_096, 10_000, 70_001 })
        {
            // Uniform keys, a few repeated, and a crowded bucket (same top bits) that takes the fallback sort.
            var keys = Enumerable.Range(0, n).Select(_ => (ulong)random.NextInt64() * 2 + (ulong)random.Next(2)).ToArray();
            for (var i = 0; i < 100; i++)
            {
                keys[random.Next(n)] = keys[random.Next(n)];
                keys[random.Next(n)] = 0x0123_4567_0000_0000UL | (uint)random.Next();
            }

            var expected = (ulong[])keys.Clone();
            Array.Sort(expected);
            var original = (ulong[])keys.Clone();
            (keys, var items) = PairingProblem.BucketSort(keys);
            Assert.Equal(expected, keys);
            Assert.All(Enumerable.Range(0, n), i => Assert.Equal(original[items[i]], keys[i]));
            Assert.Equal(n, items.Distinct().Count());
        }
    }

    [Fact]
    public void LargePool_SamePlanWhateverTheInputOrder()
    {
        // Past the size at which people are ordered by the bucket sort and rows are built in blocks.
        const int N = 70_000;
        var random = new Random(4);
        var people = Enumerable.Range(0, N).Select(i => new PairingParticipant($"id-{i}", $"org{random.Next(N / 20)}", LastSatOutRound: random.Next(3) == 0 ? random.Next(1, 20) : null)).ToArray();
        var history = Enumerable.Range(0, 3 * N).Select(_ => new PastMeeting(random.Next(N), random.Next(N), random.Next(1, 20))).ToArray();
        var request = new PairingRequest { Participants = people, History = history, Round = 20, Seed = 77 };
        var reversed = new PairingRequest
        {
            Participants = [.. people.Reverse()],
            History = [.. history.Reverse().Select(m => new PastMeeting(N - 1 - m.B, N - 1 - m.A, m.Round))],
            Round = 20,
            Seed = 77,
        };
        var a = PairingEngine.Plan(request);
        var b = PairingEngine.Plan(reversed);
        Assert.Equal(a.Groups, b.Groups);
        Assert.Equal(a.SatOut, b.SatOut);
        Assert.Equal(a.Unmatched, b.Unmatched);
        Assert.Equal(a.Repeats, b.Repeats);
        Assert.Equal(a.Outcomes.OrderBy(o => o.Id, StringComparer.Ordinal), b.Outcomes.OrderBy(o => o.Id, StringComparer.Ordinal));
    }

    internal static bool Same(PairingPlan p, PairingPlan q) =>
        p.Groups.SequenceEqual(q.Groups)
        && p.SatOut.SequenceEqual(q.SatOut)
        && p.Unmatched.SequenceEqual(q.Unmatched)
        && p.Repeats.SequenceEqual(q.Repeats)
        && p.Outcomes.SequenceEqual(q.Outcomes);
}
