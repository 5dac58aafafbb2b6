namespace Unmentoring.Pairing;

// Step 7: people left over join a pair as a third (or are found to fit nobody at all).
public static partial class PairingEngine
{
    private const int TrioProbes = 32;

    private static bool IsIsolated(PairingProblem problem, int s, int tier)
    {
        for (var v = 0; v < problem.Count; v++)
        {
            if (v != s && problem.Compatible(s, v, tier))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Puts <paramref name="s"/> into a pair both of whose members can be matched with them. Rejection
    /// sampling then a full count keeps the choice uniform among the pairs with room; when every fitting
    /// pair is taken, an augmenting search moves earlier extras along (bipartite matching of people to pairs).
    /// </summary>
    private static bool PlaceInTrio(PairingProblem problem, int s, int[] first, int[] second, int[] extra, int tier, SeededRandom random)
    {
        var pairs = first.Length;
        if (pairs == 0)
        {
            return false;
        }

        for (var probe = 0; probe < TrioProbes; probe++)
        {
            var p = random.NextInt(pairs);
            if (extra[p] < 0 && Fits(problem, s, first[p], second[p], tier))
            {
                extra[p] = s;
                return true;
            }
        }

        var fitting = 0;
        for (var p = 0; p < pairs; p++)
        {
            if (extra[p] < 0 && Fits(problem, s, first[p], second[p], tier))
            {
                fitting++;
            }
        }

        if (fitting > 0)
        {
            var choice = random.NextInt(fitting);
            for (var p = 0; p < pairs; p++)
            {
                if (extra[p] < 0 && Fits(problem, s, first[p], second[p], tier) && choice-- == 0)
                {
                    extra[p] = s;
                    return true;
                }
            }
        }

        return MoveAlong(problem, s, first, second, extra, tier, new bool[pairs]);
    }

    private static bool MoveAlong(PairingProblem problem, int s, int[] first, int[] second, int[] extra, int tier, bool[] visited)
    {
        for (var p = 0; p < first.Length; p++)
        {
            if (visited[p] || !Fits(problem, s, first[p], second[p], tier))
            {
                continue;
            }

            visited[p] = true;
            if (extra[p] < 0 || MoveAlong(problem, extra[p], first, second, extra, tier, visited))
            {
                extra[p] = s;
                return true;
            }
        }

        return false;
    }

    private static bool Fits(PairingProblem problem, int s, int a, int b, int tier) =>
        problem.Compatible(s, a, tier) && problem.Compatible(s, b, tier);
}
