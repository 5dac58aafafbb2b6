namespace Unmentoring.Pairing;

// Rows of forbidden partners built directly from the history (the store for sparse pools below the size at
// which rows are built in blocks), and the rounds beside them, built only when a repeat tier needs them.
internal sealed partial class PairingProblem
{
    /// <summary>Builds the rows of forbidden partners if they are not built yet.</summary>
    public void EnsureRows()
    {
        if (_rowsBuilt)
        {
            return;
        }

        _rowsBuilt = true;
        var request = _request;
        var n = Count;
        var window = Math.Max(0, request.Rules.RepeatWindowRounds);
        var firstRound = FirstRound(request, window);
        var lastRound = request.Round - 1L;
        var start = RowStart;
        var seenRound = window > 0 && window <= 1 << 20 ? new bool[window] : null;
        HashSet<int>? seenRoundSet = seenRound is null ? [] : null;
        _rowSignature = new ulong[n];
        var rows = _partitionShift > 0
            ? FillPartitioned(Spannable(request.History), Spannable(request.Exclusions), firstRound, lastRound, seenRound, seenRoundSet)
            : FillDirect(AsSpan(request.History), AsSpan(request.Exclusions), firstRound, lastRound, seenRound, seenRoundSet);

        // Each meeting is in the row of the earlier of its two people only. While every row is short
        // (nearly every pool), that is the store: half the entries to build, and "may u and v meet?" reads
        // one short row either way. Long rows must be sorted, with every partner in them, for the search's
        // merge and for binary search: when any row is long, the half rows are turned into full sorted rows.
        var anyLong = false;
        for (var v = 0; v < n && !anyLong; v++)
        {
            anyLong = IsSorted(start[v], start[v + 1]);
        }

        _halfRows = !anyLong;
        if (anyLong)
        {
            rows = FullSortedRows(rows);
        }

        Rows = rows;
        if (_bits is null)
        {
            WindowRounds = ToWindowRounds(seenRound, seenRoundSet, firstRound);
        }
    }

    /// <summary>
    /// Builds <see cref="RowRound"/>: every entry gets the latest round in which its two people met in the
    /// window, or <see cref="Never"/> for an exclusion. Each meeting updates every entry of its partner in
    /// both rows (short rows may hold a partner twice), so the result does not depend on the entries' order.
    /// </summary>
    public void EnsureRounds()
    {
        if (_roundsBuilt)
        {
            return;
        }

        EnsureRows();
        _roundsBuilt = true;
        var request = _request;
        var n = Count;
        var window = Math.Max(0, request.Rules.RepeatWindowRounds);
        var firstRound = FirstRound(request, window);
        var lastRound = request.Round - 1L;
        var vertexOf = VertexOf;
        var rounds = new int[Rows.Length];
        Fill(rounds, int.MinValue);
        RowRound = rounds;
        foreach (ref readonly var m in AsSpan(request.History))
        {
            if (InWindow(m.Round, firstRound, lastRound) && Valid(m.A, m.B, n))
            {
                Meeting(vertexOf[m.A], vertexOf[m.B], m.Round);
            }
        }

        foreach (ref readonly var x in AsSpan(request.Exclusions))
        {
            if (Valid(x.A, x.B, n))
            {
                Meeting(vertexOf[x.A], vertexOf[x.B], Never);
            }
        }
    }

    private void Meeting(int a, int b, int round)
    {
        if (_halfRows)
        {
            Latest(Math.Min(a, b), Math.Max(a, b), round);
            return;
        }

        Latest(a, b, round);
        Latest(b, a, round);
    }

    private void Latest(int u, int v, int round)
    {
        var start = RowStart[u];
        var end = RowStart[u + 1];
        var rows = Rows;
        var rounds = RowRound;
        if (!IsSorted(start, end))
        {
            for (var i = start; i < end; i++)
            {
                if (rows[i] == v)
                {
                    rounds[i] = Math.Max(rounds[i], round);
                }
            }

            return;
        }

        var at = LowerBound(start, end, v);
        rounds[at] = Math.Max(rounds[at], round);
    }

    /// <summary>
    /// Counting pass, then filling pass: two reads of the history beat one growing list per person. Each
    /// meeting lands in the row of the earlier of its two people, in history order, exclusions after.
    /// </summary>
    private int[] FillDirect(ReadOnlySpan<PastMeeting> history, ReadOnlySpan<ExcludedPair> exclusions, long firstRound, long lastRound, bool[]? seenRound, HashSet<int>? seenRoundSet)
    {
        var n = Count;
        var start = RowStart;
        var vertexOf = VertexOf;
        for (var i = 0; i < history.Length; i++)
        {
            ref readonly var m = ref history[i];
            if (InWindow(m.Round, firstRound, lastRound) && Valid(m.A, m.B, n))
            {
                start[Earlier(vertexOf[m.A], vertexOf[m.B]).Row]++;
                SeeRound(m.Round, firstRound, seenRound, seenRoundSet);
            }
        }

        for (var i = 0; i < exclusions.Length; i++)
        {
            ref readonly var x = ref exclusions[i];
            if (Valid(x.A, x.B, n))
            {
                start[Earlier(vertexOf[x.A], vertexOf[x.B]).Row]++;
            }
        }

        var total = 0;
        for (var v = 0; v <= n; v++)
        {
            var c = start[v];
            start[v] = total;
            total += c;
        }

        var rows = new int[total];
        var fill = new int[n];
        var signature = _rowSignature;
        start.AsSpan(0, n).CopyTo(fill);
        for (var i = 0; i < history.Length; i++)
        {
            ref readonly var m = ref history[i];
            if (InWindow(m.Round, firstRound, lastRound) && Valid(m.A, m.B, n))
            {
                var (a, b) = Earlier(vertexOf[m.A], vertexOf[m.B]);
                rows[fill[a]++] = b;
                signature[a] |= 1UL << b;
            }
        }

        for (var i = 0; i < exclusions.Length; i++)
        {
            ref readonly var x = ref exclusions[i];
            if (Valid(x.A, x.B, n))
            {
                var (a, b) = Earlier(vertexOf[x.A], vertexOf[x.B]);
                rows[fill[a]++] = b;
                signature[a] |= 1UL << b;
            }
        }

        return rows;
    }

    /// <summary>
    /// Rows with every partner, each row sorted, from rows that hold each meeting once (in the row of the
    /// earlier person). Walking people in order and adding each to the rows of their later partners gives
    /// every row its earlier partners in ascending order; walking those in order and adding each person to
    /// the rows of their earlier partners gives the later partners, also ascending. Linear time, no sort.
    /// </summary>
    private int[] FullSortedRows(int[] half)
    {
        var n = Count;
        var start = RowStart;
        var earlier = new int[n + 1];
        foreach (var q in half)
        {
            earlier[q]++;
        }

        var fullStart = new int[n + 1];
        var total = 0;
        for (var v = 0; v < n; v++)
        {
            fullStart[v] = total;
            total += earlier[v] + start[v + 1] - start[v];
        }

        fullStart[n] = total;
        var rows = new int[total];
        var fill = new int[n];
        fullStart.AsSpan(0, n).CopyTo(fill);
        var signature = _rowSignature;
        for (var p = 0; p < n; p++)
        {
            for (var i = start[p]; i < start[p + 1]; i++)
            {
                var q = half[i];
                rows[fill[q]++] = p;
                signature[q] |= 1UL << p;
            }
        }

        for (var q = 0; q < n; q++)
        {
            for (var i = fullStart[q]; i < fullStart[q] + earlier[q]; i++)
            {
                var p = rows[i];
                rows[fill[p]++] = q;
            }
        }

        fullStart.CopyTo(start, 0);

        // One entry per partner in long rows (their rounds, when needed, keep the latest meeting).
        var write = 0;
        for (var v = 0; v < n; v++)
        {
            var from = start[v];
            var to = start[v + 1];
            start[v] = write;
            if (!IsSorted(from, to))
            {
                rows.AsSpan(from, to - from).CopyTo(rows.AsSpan(write));
                write += to - from;
                continue;
            }

            for (var i = from; i < to; i++)
            {
                if (write == start[v] || rows[write - 1] != rows[i])
                {
                    rows[write++] = rows[i];
                }
            }
        }

        start[n] = write;
        return write == rows.Length ? rows : rows[..write];
    }

    /// <summary>A meeting's two people, the earlier first: the row the meeting is kept in, and the partner.</summary>
    /// <remarks>Masks, not a branch: which of the two comes first is random, so a branch would be mispredicted half the time.</remarks>
    private static (int Row, int Partner) Earlier(int a, int b)
    {
        var swap = (a ^ b) & ((b - a) >> 31);
        return (a ^ swap, b ^ swap);
    }
}
