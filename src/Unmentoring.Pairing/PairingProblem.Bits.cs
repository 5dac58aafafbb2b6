namespace Unmentoring.Pairing;

// The bit matrix of forbidden pairs for small dense pools.
internal sealed partial class PairingProblem
{
    /// <summary>
    /// The matrix of bits for small dense pools: one pass over the history, a bit set per meeting in the
    /// window and per exclusion, both ways. Rounds are not kept; the rows hold them if they are ever needed.
    /// One core: the matrix fits in cache and the pass is bound by reading the history, so a second core
    /// would save less than starting it costs a fresh process (see ADR 0002).
    /// </summary>
    private void BuildBits(PairingRequest request)
    {
        var n = Count;
        var window = Math.Max(0, request.Rules.RepeatWindowRounds);
        var firstRound = FirstRound(request, window);
        var lastRound = request.Round - 1L;
        var words = (n + 63) >> 6;
        var seenRound = window > 0 && window <= 1 << 20 ? new bool[window] : null;
        HashSet<int>? seenRoundSet = seenRound is null ? [] : null;
        var bits = new ulong[(long)n * words];
        var vertexOf = VertexOf;
        foreach (ref readonly var m in AsSpan(request.History))
        {
            if (InWindow(m.Round, firstRound, lastRound) && Valid(m.A, m.B, n))
            {
                var a = vertexOf[m.A];
                var b = vertexOf[m.B];
                bits[((long)a * words) + (b >> 6)] |= 1UL << b;
                bits[((long)b * words) + (a >> 6)] |= 1UL << a;
                SeeRound(m.Round, firstRound, seenRound, seenRoundSet);
            }
        }

        foreach (ref readonly var x in AsSpan(request.Exclusions))
        {
            if (Valid(x.A, x.B, n))
            {
                var a = vertexOf[x.A];
                var b = vertexOf[x.B];
                bits[((long)a * words) + (b >> 6)] |= 1UL << b;
                bits[((long)b * words) + (a >> 6)] |= 1UL << a;
            }
        }

        _words = words;
        _bits = bits;
        WindowRounds = ToWindowRounds(seenRound, seenRoundSet, firstRound);
    }
}
