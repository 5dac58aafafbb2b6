using BenchmarkDotNet.Attributes;
using Unmentoring.Reports.Network;
using Unmentoring.Rounds;

namespace Unmentoring.Benchmarks;

/// <summary>
/// The network page's own work: laying out and writing the SVG for one round and for twelve rounds together,
/// at a scheme of 500 and of 5,000 people (above 1,000 the page draws organisations instead of people:
/// docs/adr/0033-network-drawing.md). The database reads are not included. See docs/benchmarks.md.
/// </summary>
[MemoryDiagnoser]
public class NetworkBenchmarks
{
    private MeetingNetwork _oneRound = null!;
    private MeetingNetwork _twelveRounds = null!;

    [Params(500, 5000)]
    public int People { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _oneRound = Scheme(People, 1);
        _twelveRounds = Scheme(People, 12);
    }

    [Benchmark]
    public int OneRound() => NetworkSvg.Write(NetworkLayout.Draw(_oneRound, "Who met whom in the November 2026 round")).Length;

    [Benchmark]
    public int TwelveRounds() => NetworkSvg.Write(NetworkLayout.Draw(_twelveRounds, "Who met whom in all rounds")).Length;

    /// <summary>
    /// A made-up scheme: organisations of very uneven sizes (a tenth as many as people, the largest first),
    /// each round everyone paired at random with someone from another organisation, three in five groups met,
    /// one in seven couldn't, the rest not known. Seeded, so every run measures the same network.
    /// </summary>
    private static MeetingNetwork Scheme(int people, int rounds)
    {
        var random = new Random(2026);
        var organisations = Math.Max(people / 10, 2);
        var persons = Enumerable.Range(1, people)
            .Select(i => new NetworkPerson(i, $"Person {i}", $"Organisation {(int)(organisations * Math.Pow(random.NextDouble(), 2))}"))
            .ToList();
        var pairs = new List<NetworkPair>();
        for (var round = 0; round < rounds; round++)
        {
            var period = new Period(2026, 1).AddMonths(round);
            var order = persons.ToArray();
            random.Shuffle(order);
            var group = 0;
            for (var i = 0; i + 1 < order.Length; i += 2)
            {
                if (order[i].Organisation == order[i + 1].Organisation && i + 2 < order.Length)
                {
                    (order[i + 1], order[i + 2]) = (order[i + 2], order[i + 1]);
                }

                var (a, b) = (Math.Min(order[i].Id, order[i + 1].Id), Math.Max(order[i].Id, order[i + 1].Id));
                var roll = random.NextDouble();
                var result = roll < 0.6 ? MeetingResult.Met : roll < 0.74 ? MeetingResult.CouldNotMeet : MeetingResult.Unknown;
                pairs.Add(new NetworkPair(period, ++group, a, b, result));
            }
        }

        return new MeetingNetwork(persons, pairs);
    }
}
