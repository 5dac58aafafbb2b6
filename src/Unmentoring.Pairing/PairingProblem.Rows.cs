namespace Unmentoring.Pairing;

// Rows of forbidden partners with the round of the latest meeting, built directly from the history:
// the store for sparse pools below the size at which rows are built in blocks.
internal sealed partial class PairingProblem
{
    /// <summary>Builds the rows of forbidden partners (with rounds) if they are not built yet.</summary>
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
        var firstRound = (long)request.Round - window;
        var lastRound = request.Round - 1L;
        var start = RowStart;
        var seenRound = window > 0 && window <= 1 << 20 ? new bool[window] : null;
        HashSet<int>? seenRoundSet = seenRound is null ? [] : null;
        var rows = _partitionShift > 0 && window < ExclusionCode
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
            var sortedRows = new long[total];
            var fill = new int[n];
            start.AsSpan(0, n).CopyTo(fill);
            for (var p = 0; p < n; p++)
            {
                for (var i = start[p]; i < start[p + 1]; i++)
                {
                    var x = (int)(rows[i] >> 32);
                    sortedRows[fill[x]++] = ((long)p << 32) | (uint)rows[i];
                }
            }

            rows = sortedRows;
        }

        // One entry per partner in sorted rows: the latest meeting, or the exclusion. Without long rows
        // nothing is merged, and every row already sits where it belongs.
        if (anyLong)
        {
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
                    if (write > start[v] && (rows[write - 1] >> 32) == (rows[i] >> 32))
                    {
                        rows[write - 1] = Math.Max(rows[write - 1], rows[i]);
                        continue;
                    }

                    rows[write++] = rows[i];
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
    /// Counting pass, then filling pass: two reads of the history beat one growing list per person. Each
    /// meeting lands in both rows in history order, exclusions after.
    /// </summary>
    private long[] FillDirect(ReadOnlySpan<PastMeeting> history, ReadOnlySpan<ExcludedPair> exclusions, long firstRound, long lastRound, bool[]? seenRound, HashSet<int>? seenRoundSet)
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

        var rows = new long[total];
        var fill = new int[n];
        start.AsSpan(0, n).CopyTo(fill);
        for (var i = 0; i < history.Length; i++)
        {
            ref readonly var m = ref history[i];
            if (InWindow(m.Round, firstRound, lastRound) && Valid(m.A, m.B, n))
            {
                var a = vertexOf[m.A];
                var b = vertexOf[m.B];
                rows[fill[a]++] = Encode(b, m.Round);
                rows[fill[b]++] = Encode(a, m.Round);
            }
        }

        for (var i = 0; i < exclusions.Length; i++)
        {
            ref readonly var x = ref exclusions[i];
            if (Valid(x.A, x.B, n))
            {
                var a = vertexOf[x.A];
                var b = vertexOf[x.B];
                rows[fill[a]++] = Encode(b, Never);
                rows[fill[b]++] = Encode(a, Never);
            }
        }

        return rows;
    }
}
