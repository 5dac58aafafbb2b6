using System.Diagnostics;

namespace Unmentoring.Pairing;

// The plan written out: groups with their arrangers, every participant's outcome and reason, the stats.
public static partial class PairingEngine
{
    /// <summary>Plans with at least this many groups describe them on both cores.</summary>
    private const int ParallelGroupsFrom = 1 << 15;

    private static PairingPlan Describe(
        PairingRequest request,
        PairingProblem problem,
        int[] first,
        int[] second,
        int[] extra,
        List<int> leftOut,
        bool[] isolated,
        bool mayHaveRepeats,
        SeededRandom random,
        Stopwatch clock)
    {
        var participants = request.Participants;
        var rules = request.Rules;
        var n = problem.Count;
        var outcomes = new ParticipantOutcome[n];
        var groups = new PairingGroup[first.Length];
        var repeats = new List<RepeatedMeeting>();
        var hasRepeat = mayHaveRepeats ? new bool[first.Length] : null;

        // The arranger of each group is drawn from the seed, in group order; the rest keep their (seeded) order.
        var arranger = new byte[first.Length];
        var trios = 0;
        for (var g = 0; g < first.Length; g++)
        {
            var size = extra[g] < 0 ? 2 : 3;
            trios += size - 2;
            arranger[g] = (byte)random.NextInt(size);
        }

        var describe = new GroupWriter(problem, first, second, extra, arranger, groups, outcomes);
        if (hasRepeat is null && first.Length >= ParallelGroupsFrom)
        {
            // Groups are independent and each writes only its own outcomes: half the groups per core.
            Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = 2 }, half => describe.Write(half == 0 ? 0 : first.Length / 2, half == 0 ? first.Length / 2 : first.Length));
        }
        else if (hasRepeat is null)
        {
            describe.Write(0, first.Length);
        }
        else
        {
            Span<int> members = stackalloc int[3];
            for (var g = 0; g < first.Length; g++)
            {
                var size = describe.Write(g, members);
                for (var x = 0; x < size; x++)
                {
                    for (var y = x + 1; y < size; y++)
                    {
                        var round = problem.MetRound(members[x], members[y]);
                        if (round != int.MinValue && round != PairingProblem.Never)
                        {
                            hasRepeat[g] = true;
                            repeats.Add(new RepeatedMeeting(problem.Ids[problem.ParticipantOf[members[x]]], problem.Ids[problem.ParticipantOf[members[y]]], round, Reasons.Repeat(round)));
                        }
                    }
                }

                if (hasRepeat[g])
                {
                    for (var m = 0; m < size; m++)
                    {
                        var index = problem.ParticipantOf[members[m]];
                        outcomes[index] = outcomes[index] with { Reason = Reasons.PairedWithRepeat };
                    }
                }
            }
        }

        var satOut = new List<LeftOutParticipant>();
        var unmatched = new List<LeftOutParticipant>();
        var satOutReason = rules.OddPolicy == OddPolicy.Trio ? Reasons.SatOutNoTrio : Reasons.SatOut;
        string? unmatchedReason = null;
        for (var i = 0; i < leftOut.Count; i++)
        {
            var v = leftOut[i];
            var index = problem.ParticipantOf[v];
            if (outcomes[index].Id is not null)
            {
                continue;
            }

            var id = participants[index].Id;
            if (isolated[i])
            {
                unmatchedReason ??= Reasons.Unmatched(rules);
                unmatched.Add(new LeftOutParticipant(id, unmatchedReason));
                outcomes[index] = new ParticipantOutcome(id, PairingOutcome.Unmatched, unmatchedReason, -1);
            }
            else
            {
                satOut.Add(new LeftOutParticipant(id, satOutReason));
                outcomes[index] = new ParticipantOutcome(id, PairingOutcome.SatOut, satOutReason, -1);
            }
        }

        var matched = first.Length * 2 + trios;
        var stats = new PairingStats(n, matched, groups.Length, trios, satOut.Count, unmatched.Count, repeats.Count, clock.Elapsed);
        return new PairingPlan(request.Round, request.Seed, groups, satOut, unmatched, outcomes, repeats, stats);
    }

    /// <summary>Writes groups and their members' outcomes; one instance is shared by the parts that describe disjoint ranges of groups.</summary>
    private sealed class GroupWriter(PairingProblem problem, int[] first, int[] second, int[] extra, byte[] arranger, PairingGroup[] groups, ParticipantOutcome[] outcomes)
    {
        public void Write(int from, int to)
        {
            Span<int> members = stackalloc int[3];
            for (var g = from; g < to; g++)
            {
                Write(g, members);
            }
        }

        /// <summary>Writes group <paramref name="g"/> with the arranger first; returns its size, its vertices in <paramref name="members"/>.</summary>
        public int Write(int g, Span<int> members)
        {
            members[0] = first[g];
            members[1] = second[g];
            members[2] = extra[g];
            var size = extra[g] < 0 ? 2 : 3;
            var a = arranger[g];
            (members[0], members[a]) = (members[a], members[0]);
            var participantOf = problem.ParticipantOf;
            var ids = problem.Ids;
            var i0 = participantOf[members[0]];
            var i1 = participantOf[members[1]];
            var i2 = size == 3 ? participantOf[members[2]] : -1;
            var id0 = ids[i0];
            var id1 = ids[i1];
            var id2 = size == 3 ? ids[i2] : null;
            groups[g] = new PairingGroup(id0, id1, id2);
            var reason = size == 3 ? Reasons.Trio : Reasons.Pair;
            outcomes[i0] = new ParticipantOutcome(id0, PairingOutcome.Paired, reason, g);
            outcomes[i1] = new ParticipantOutcome(id1, PairingOutcome.Paired, reason, g);
            if (size == 3)
            {
                outcomes[i2] = new ParticipantOutcome(id2!, PairingOutcome.Paired, reason, g);
            }

            return size;
        }
    }
}
