namespace Unmentoring.Pairing;

// The same rows as PairingProblem.Rows.cs, entry for entry, built block by block for large pools.
internal sealed partial class PairingProblem
{
    /// <summary>
    /// The same rows, entry for entry, built cache-consciously for large pools (each meeting in the row of
    /// the earlier of its two people, as in <see cref="FillDirect"/>). Scattering millions of
    /// entries straight into their rows costs a cache miss each (the rows span ~100 MB), so the entries are
    /// first appended to the block of people they belong to (a few hundred blocks, each written
    /// sequentially), and each block, small enough to stay in cache, is then put into row order. A block's
    /// entries occupy exactly the span its rows will, so the second step works in place with a small
    /// scratch buffer. Both steps are stable: each row keeps history order, exclusions after. An entry is
    /// four bytes: the partner, and while in its block the person's place in the block above it.
    /// On large pools the history is cut in two halves, one per core: each half's entries go to their own
    /// reserved stretch of every block (first half first), so the rows are the same whatever the timing.
    /// </summary>
    private int[] FillPartitioned(IReadOnlyList<PastMeeting> historyList, IReadOnlyList<ExcludedPair> exclusionsList, long firstRound, long lastRound, bool[]? seenRound, HashSet<int>? seenRoundSet)
    {
        var n = Count;
        var shift = _partitionShift;
        var blocks = ((n - 1) >> shift) + 1;
        var parts = n >= ParallelFrom && seenRound is not null ? 2 : 1;
        var build = new BlockBuild
        {
            History = historyList,
            Exclusions = exclusionsList,
            VertexOf = VertexOf,
            RowStart = RowStart,
            RowSignature = _rowSignature,
            N = n,
            Shift = shift,
            PartnerBits = 32 - shift,
            Blocks = blocks,
            Parts = parts,
            Cut = parts == 1 ? historyList.Count : historyList.Count / 2,
            FirstRound = firstRound,
            LastRound = lastRound,
            SeenRound = seenRound,
            SeenRoundSet = seenRoundSet,
            Counts = new int[parts][],
            Cursors = new int[parts][],
        };

        Run(parts, build.CountPart);
        var blockStart = build.BlockStart = new int[blocks + 1];
        for (var part = 0; part < parts; part++)
        {
            build.Cursors[part] = new int[blocks];
        }

        var total = 0;
        for (var k = 0; k < blocks; k++)
        {
            blockStart[k] = total;
            for (var part = 0; part < parts; part++)
            {
                build.Cursors[part][k] = total;
                total += build.Counts[part][k];
            }
        }

        blockStart[blocks] = total;
        build.Rows = GC.AllocateUninitializedArray<int>(total);
        Run(parts, build.ScatterPart);
        for (var k = 0; k < blocks; k++)
        {
            build.MaxBlock = Math.Max(build.MaxBlock, blockStart[k + 1] - blockStart[k]);
        }

        Run(parts, build.ArrangePart);
        RowStart[n] = total;
        return build.Rows;
    }

    /// <summary>The state of <see cref="FillPartitioned"/>, shared by its parts; each part reads it into locals first.</summary>
    private sealed class BlockBuild
    {
        public required IReadOnlyList<PastMeeting> History { get; init; }

        public required IReadOnlyList<ExcludedPair> Exclusions { get; init; }

        public required int[] VertexOf { get; init; }

        public required int[] RowStart { get; init; }

        public required ulong[] RowSignature { get; init; }

        public required int N { get; init; }

        public required int Shift { get; init; }

        public required int PartnerBits { get; init; }

        public required int Blocks { get; init; }

        public required int Parts { get; init; }

        public required int Cut { get; init; }

        public required long FirstRound { get; init; }

        public required long LastRound { get; init; }

        public required bool[]? SeenRound { get; init; }

        public required HashSet<int>? SeenRoundSet { get; init; }

        public required int[][] Counts { get; init; }

        public required int[][] Cursors { get; init; }

        public int[] BlockStart { get; set; } = [];

        public int[] Rows { get; set; } = [];

        public int MaxBlock { get; set; }

        /// <summary>Entries per block from the part's slice of the history; the last part also takes the exclusions.</summary>
        public void CountPart(int part)
        {
            var history = AsSpan(History);
            var exclusions = AsSpan(Exclusions);
            var (n, shift, firstRound, lastRound, vertexOf, seenRound, seenRoundSet) = (N, Shift, FirstRound, LastRound, VertexOf, SeenRound, SeenRoundSet);
            var blockCount = Counts[part] = new int[Blocks];
            var from = part == 0 ? 0 : Cut;
            var to = part == Parts - 1 ? history.Length : Cut;
            for (var i = from; i < to; i++)
            {
                ref readonly var m = ref history[i];
                if (InWindow(m.Round, firstRound, lastRound) && Valid(m.A, m.B, n))
                {
                    blockCount[Earlier(vertexOf[m.A], vertexOf[m.B]).Row >> shift]++;
                    SeeRound(m.Round, firstRound, seenRound, seenRoundSet);
                }
            }

            if (part == Parts - 1)
            {
                foreach (var x in exclusions)
                {
                    if (Valid(x.A, x.B, n))
                    {
                        blockCount[Earlier(vertexOf[x.A], vertexOf[x.B]).Row >> shift]++;
                    }
                }
            }
        }

        /// <summary>Appends the part's entries to their blocks, in the stretch of each block reserved for the part.</summary>
        public void ScatterPart(int part)
        {
            var history = AsSpan(History);
            var exclusions = AsSpan(Exclusions);
            var (n, shift, partnerBits, firstRound, lastRound, vertexOf, rows) = (N, Shift, PartnerBits, FirstRound, LastRound, VertexOf, Rows);
            var local = (1 << shift) - 1;
            var at = Cursors[part];
            var from = part == 0 ? 0 : Cut;
            var to = part == Parts - 1 ? history.Length : Cut;
            for (var i = from; i < to; i++)
            {
                ref readonly var m = ref history[i];
                if (InWindow(m.Round, firstRound, lastRound) && Valid(m.A, m.B, n))
                {
                    var (a, b) = Earlier(vertexOf[m.A], vertexOf[m.B]);
                    rows[at[a >> shift]++] = ((a & local) << partnerBits) | b;
                }
            }

            if (part == Parts - 1)
            {
                foreach (var x in exclusions)
                {
                    if (Valid(x.A, x.B, n))
                    {
                        var (a, b) = Earlier(vertexOf[x.A], vertexOf[x.B]);
                        rows[at[a >> shift]++] = ((a & local) << partnerBits) | b;
                    }
                }
            }
        }

        /// <summary>Per block: counts each person's entries, lays out their rows and moves the entries into place. Parts take alternate blocks.</summary>
        public void ArrangePart(int part)
        {
            var (n, shift, partnerBits, rows, start, blockStart, signature) = (N, Shift, PartnerBits, Rows, RowStart, BlockStart, RowSignature);
            var partnerMask = (int)((1u << partnerBits) - 1);
            var scratch = new int[MaxBlock];
            var fill = new int[1 << shift];
            for (var k = part; k < Blocks; k += Parts)
            {
                var from = blockStart[k];
                var to = blockStart[k + 1];
                var first = k << shift;
                var people = Math.Min(n - first, 1 << shift);
                var degree = fill.AsSpan(0, people);
                degree.Clear();
                for (var i = from; i < to; i++)
                {
                    degree[(int)((uint)rows[i] >> partnerBits)]++;
                }

                var sum = from;
                for (var v = 0; v < people; v++)
                {
                    var c = degree[v];
                    start[first + v] = sum;
                    degree[v] = sum;
                    sum += c;
                }

                rows.AsSpan(from, to - from).CopyTo(scratch);
                foreach (var e in scratch.AsSpan(0, to - from))
                {
                    var local = (int)((uint)e >> partnerBits);
                    var partner = e & partnerMask;
                    rows[degree[local]++] = partner;
                    signature[first + local] |= 1UL << partner;
                }
            }
        }
    }

    /// <summary>Runs <paramref name="work"/> for each part, in parallel when there are two.</summary>
    private static void Run(int parts, Action<int> work)
    {
        if (parts == 1)
        {
            work(0);
            return;
        }

        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, work);
    }
}
