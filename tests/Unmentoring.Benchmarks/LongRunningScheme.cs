using System.Globalization;
using System.Text;
using Unmentoring.Pairing;

namespace Unmentoring.Benchmarks;

/// <summary>
/// A long-running scheme: n people, no organisations, and 0.75 n past rounds, each a full random pairing of
/// everyone, all inside the repeat window (twice the history's length). With 1,000 people that is 375,000
/// meetings, and each person has met about half of the others at least once. Rules: no organisation rule,
/// the odd one sits out, repeats never relaxed. The same seed gives the same scheme.
/// </summary>
internal sealed class LongRunningScheme
{
    private LongRunningScheme(string[] ids, PastMeeting[] history, PairingRules rules, int round)
    {
        Ids = ids;
        History = history;
        Rules = rules;
        Round = round;
    }

    public string[] Ids { get; }

    public PastMeeting[] History { get; }

    public PairingRules Rules { get; }

    /// <summary>The round to plan: the one after the history.</summary>
    public int Round { get; }

    public static LongRunningScheme Generate(int people, int seed = 7)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(people, 2);
        var random = new Random(seed);
        var ids = Enumerable.Range(0, people).Select(i => $"p{i.ToString("D6", CultureInfo.InvariantCulture)}").ToArray();
        var rounds = people * 3 / 4;
        var history = new PastMeeting[rounds * (people / 2)];
        var order = Enumerable.Range(0, people).ToArray();
        var k = 0;
        for (var round = 1; round <= rounds; round++)
        {
            random.Shuffle(order);
            for (var i = 0; i + 1 < people; i += 2)
            {
                history[k++] = new PastMeeting(order[i], order[i + 1], round);
            }
        }

        var rules = new PairingRules(RepeatWindowRounds: 2 * rounds, AvoidSameOrganisation: false, OddPolicy: OddPolicy.SitOut, RelaxRepeats: false);
        return new LongRunningScheme(ids, history, rules, rounds + 1);
    }

    public PairingRequest ToRequest(ulong seed = 2026) => new()
    {
        Participants = [.. Ids.Select(id => new PairingParticipant(id))],
        History = History,
        Rules = Rules,
        Round = Round,
        Seed = seed,
    };

    /// <summary>Writes participants.csv, history.csv and rules.json in the formats <c>unmentoring pair</c> reads.</summary>
    public void WriteFiles(string directory)
    {
        Directory.CreateDirectory(directory);
        var utf8 = new UTF8Encoding(false);
        using (var participants = new StreamWriter(Path.Combine(directory, "participants.csv"), false, utf8))
        {
            participants.WriteLine("id");
            foreach (var id in Ids)
            {
                participants.WriteLine(id);
            }
        }

        using (var history = new StreamWriter(Path.Combine(directory, "history.csv"), false, utf8, 1 << 16))
        {
            history.WriteLine("round,a,b");
            foreach (var m in History)
            {
                history.Write(m.Round.ToString(CultureInfo.InvariantCulture));
                history.Write(',');
                history.Write(Ids[m.A]);
                history.Write(',');
                history.WriteLine(Ids[m.B]);
            }
        }

        File.WriteAllText(
            Path.Combine(directory, "rules.json"),
            string.Create(CultureInfo.InvariantCulture, $"{{\"repeatWindowRounds\":{Rules.RepeatWindowRounds},\"avoidSameOrganisation\":false,\"oddPolicy\":\"sitOut\",\"relaxRepeats\":false}}\n"),
            utf8);
    }
}
