using BenchmarkDotNet.Attributes;
using Unmentoring.Pairing;

namespace Unmentoring.Benchmarks;

/// <summary>
/// Engine time only: every request is built in GlobalSetup. Realistic pools: organisations of about 20
/// and 12 rounds of history (each a random pairing of everyone). The long-running scheme: 2,000 people
/// who have each met 1,500 others, all inside the window, so each has about 480 possible partners left;
/// and <see cref="LongRunningScheme"/>, 0.75 n rounds of full random pairings (the fresh-process workload).
/// </summary>
[MemoryDiagnoser]
public class PairingBenchmarks
{
    private PairingRequest _request = null!;

    [Params("1k", "10k", "100k", "1M", "long-running-2k", "long-running-random-1k", "long-running-random-2k")]
    public string Workload { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _request = Workload switch
        {
            "1k" => PairingWorkloads.Realistic(1_000),
            "10k" => PairingWorkloads.Realistic(10_000),
            "100k" => PairingWorkloads.Realistic(100_000),
            "1M" => PairingWorkloads.Realistic(1_000_000),
            "long-running-random-1k" => LongRunningScheme.Generate(1_000).ToRequest(),
            "long-running-random-2k" => LongRunningScheme.Generate(2_000).ToRequest(),
            _ => PairingWorkloads.LongRunning(),
        };

        // A benchmark of a wrong answer is worthless: check the plan is maximum before timing it.
        var plan = PairingEngine.Plan(_request);
        if (plan.Stats.Matched != _request.Participants.Count)
        {
            throw new InvalidOperationException($"{Workload}: only {plan.Stats.Matched} of {_request.Participants.Count} matched.");
        }
    }

    [Benchmark]
    public PairingPlan Plan() => PairingEngine.Plan(_request);
}

internal static class PairingWorkloads
{
    public static PairingRequest Realistic(int n, int seed = 42)
    {
        var random = new Random(seed);
        var organisations = Math.Max(1, n / 20);
        var names = Enumerable.Range(0, organisations).Select(i => $"council-{i}.gov.uk").ToArray();
        var people = new PairingParticipant[n];
        for (var i = 0; i < n; i++)
        {
            people[i] = new PairingParticipant($"participant-{i:D7}", names[random.Next(organisations)], LastSatOutRound: random.Next(4) == 0 ? random.Next(1, 13) : null);
        }

        var history = new PastMeeting[12 * (n / 2)];
        var order = Enumerable.Range(0, n).ToArray();
        var k = 0;
        for (var round = 1; round <= 12; round++)
        {
            random.Shuffle(order);
            for (var i = 0; i + 1 < n; i += 2)
            {
                history[k++] = new PastMeeting(order[i], order[i + 1], round);
            }
        }

        return new PairingRequest { Participants = people, History = history, Round = 13, Seed = 2026 };
    }

    public static PairingRequest LongRunning(int seed = 7)
    {
        const int N = 2_000;
        const int Met = 1_500;
        var random = new Random(seed);
        var people = new PairingParticipant[N];
        for (var i = 0; i < N; i++)
        {
            people[i] = new PairingParticipant($"participant-{i:D4}", $"council-{random.Next(N / 20)}.gov.uk");
        }

        // A circulant graph (each met the 750 on either side) under a random relabelling: exactly 1,500
        // distinct partners each, with no structure the engine could exploit.
        var label = Enumerable.Range(0, N).ToArray();
        random.Shuffle(label);
        var history = new List<PastMeeting>(N * Met / 2);
        for (var p = 0; p < N; p++)
        {
            for (var d = 1; d <= Met / 2; d++)
            {
                history.Add(new PastMeeting(label[p], label[(p + d) % N], 1 + random.Next(Met)));
            }
        }

        return new PairingRequest
        {
            Participants = people,
            History = [.. history],
            Round = Met + 1,
            Seed = 2026,
            Rules = new PairingRules(RepeatWindowRounds: Met),
        };
    }
}
