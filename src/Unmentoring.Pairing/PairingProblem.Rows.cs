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
        var total = rows.Length;

        // Long rows must be sorted for binary search. When any row is long, a second fill walking the
        // partners in ascending order produces every row already sorted, in linear time; comparison sorts
        // of 2,000 rows of 1,500 cost more than the whole plan. Short rows are left as they are: scanning a
        // dozen entries beats sorting a million rows.
        var anyLong = false;
        for (var v = 0; v < n && !anyLong; v++)
        {
            anyLong = IsSorted(start[v], start[v + 1]);
        }

        if (anyLong)
        {
            var sortedRows = new int[total];
            var fill = new int[n];
            start.AsSpan(0, n).CopyTo(fill);
            for (var p = 0; p < n; p++)
            {
                for (var i = start[p]; i < start[p + 1]; i++)
                {
                    sortedRows[fill[rows[i]]++] = p;
                }
            }

            rows = sortedRows;

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
            rows = write == rows.Length ? rows : rows[..write];
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
                Latest(vertexOf[m.A], vertexOf[m.B], m.Round);
                Latest(vertexOf[m.B], vertexOf[m.A], m.Round);
            }
        }

        foreach (ref readonly var x in AsSpan(request.Exclusions))
        {
            if (Valid(x.A, x.B, n))
            {
                Latest(vertexOf[x.A], vertexOf[x.B], Never);
                Latest(vertexOf[x.B], vertexOf[x.A], Never);
            }
        }
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
    /// meeting lands in both rows in history order, exclusions after.
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
                start[vertexOf[m.A]]++;
                start[vertexOf[m.B]]++;
                SeeRound(m.Round, firstRound, seenRound, seenRoundSet);
            }
        }

        for (var i = 0; i < exclusions.Length; i++)
        {
            ref readonly var x = ref exclusions[i];
            if (Valid(x.A, x.B, n))
            {
                start[vertexOf[x.A]]++;
                start[vertexOf[x.B]]++;
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
                var a = vertexOf[m.A];
                var b = vertexOf[m.B];
                rows[fill[a]++] = b;
                rows[fill[b]++] = a;
                signature[a] |= 1UL << b;
                signature[b] |= 1UL << a;
            }
        }

        for (var i = 0; i < exclusions.Length; i++)
        {
            ref readonly var x = ref exclusions[i];
            if (Valid(x.A, x.B, n))
            {
                var a = vertexOf[x.A];
                var b = vertexOf[x.B];
                rows[fill[a]++] = b;
                rows[fill[b]++] = a;
                signature[a] |= 1UL << b;
                signature[b] |= 1UL << a;
            }
        }

        return rows;
    }
}
