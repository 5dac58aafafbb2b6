using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Unmentoring.Pairing;

/// <summary>How forbidden partners are held; <see cref="Auto"/> picks by density. The choice never changes a plan.</summary>
internal enum ForbiddenStore
{
    Auto,

    /// <summary>Per person, a row of forbidden partners with the round of the latest meeting.</summary>
    Rows,

    /// <summary>Rows, built block by block as for large pools (blocks of four people here, to test the build on small pools).</summary>
    PartitionedRows,

    /// <summary>A bit per pair of people for the "no repeats" question, rows built only if a round is ever asked for.</summary>
    Bitset,
}

/// <summary>
/// The request turned into flat arrays over vertices. A vertex is a participant's position in an order
/// drawn from the seed (sorting by a seeded hash of the id), so everything downstream is the same whatever
/// order the caller listed people in, and walking vertices in order is already a seeded shuffle.
/// Forbidden partners (recent meetings and exclusions) are kept per person as sorted rows; compatibility
/// is tested on the fly, so the engine never holds the O(n²) edges of a mostly compatible pool. In a small,
/// dense pool (people have met a sizeable share of everyone) a bit matrix answers "may these two meet
/// without a repeat?" with one bit test, and the rows are built only if a repeat tier is ever tried.
/// </summary>
internal sealed class PairingProblem
{
    /// <summary>The "round" of an exclusion: later than any meeting, so no tier ever relaxes it.</summary>
    public const int Never = int.MaxValue;

    /// <summary>The tier that allows no repeat at all.</summary>
    public const int NoRepeats = int.MinValue;

    private const int LinearRowLimit = 16;

    /// <summary>Pools at least this large build their rows block by block (see <see cref="FillPartitioned"/>).</summary>
    private const int PartitionFrom = 1 << 16;

    /// <summary>Pools at least this large read organisations on a second core.</summary>
    private const int ParallelFrom = 1 << 15;

    // While rows are built in blocks, an entry holds the partner (high 32 bits), the person's place in the
    // block (12 bits) and the meeting's round as an offset into the window (20 bits; all ones: an exclusion).
    private const int RoundBits = 20;
    private const int ExclusionCode = (1 << RoundBits) - 1;
    private const int LocalMask = (1 << 12) - 1;

    /// <summary>Histories at least this long fill the bit matrix on both cores.</summary>
    private const int ParallelHistoryFrom = 1 << 18;

    private PairingRequest _request = null!;
    private bool _rowsBuilt;

    // Rows are built in blocks of 2^shift people when positive; directly when zero.
    private int _partitionShift;

    // The bit matrix, in vertex space: row u has a bit per v, set when u and v may not meet without a repeat.
    private ulong[]? _bits;
    private int _words;

    private PairingProblem(int count)
    {
        Count = count;
        ParticipantOf = new int[count];
        VertexOf = new int[count];
        Organisation = new int[count];
        SitOutKey = new int[count];
        RowStart = new int[count + 1];
    }

    public int Count { get; }

    /// <summary>The callers' ids in request order.</summary>
    public string[] Ids { get; private set; } = [];

    /// <summary>Vertex to index in the request's participants.</summary>
    public int[] ParticipantOf { get; }

    /// <summary>Index in the request's participants to vertex.</summary>
    public int[] VertexOf { get; }

    /// <summary>An organisation number per vertex; -1 when neither organisation nor email domain is known.</summary>
    public int[] Organisation { get; }

    /// <summary>The round the person last sat out; <see cref="int.MinValue"/> when never, so they go first.</summary>
    public int[] SitOutKey { get; }

    /// <summary>Where each vertex's row starts in <see cref="Rows"/>; call <see cref="EnsureRows"/> first.</summary>
    public int[] RowStart { get; }

    /// <summary>Whether the bit matrix answers the no-repeats question (small dense pools).</summary>
    public bool UsesBitset => _bits is not null;

    /// <summary>Whether a row is sorted by partner (longer rows); shorter rows are scanned whole.</summary>
    public static bool IsSorted(int start, int end) => end - start > LinearRowLimit;

    /// <summary>Per row, sorted: partner in the high 32 bits, last round (sign-flipped so it sorts) in the low.</summary>
    public long[] Rows { get; private set; } = [];

    public bool AvoidSameOrganisation { get; private set; }

    /// <summary>The distinct rounds of meetings inside the window, oldest first: the tiers in which repeats may be relaxed.</summary>
    public int[] WindowRounds { get; private set; } = [];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static PairingProblem Build(PairingRequest request) => Build(request, ForbiddenStore.Auto);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static PairingProblem Build(PairingRequest request, ForbiddenStore store)
    {
        var participants = request.Participants;
        var n = participants.Count;
        var problem = new PairingProblem(n);
        problem.AvoidSameOrganisation = request.Rules.AvoidSameOrganisation;
        problem._request = request;
        problem._partitionShift = store == ForbiddenStore.PartitionedRows ? 2 : n >= PartitionFrom ? 12 : 0;

        // A row of bits costs n/64 words; a row of partners one long per meeting. Bits win once people
        // have, on average, met more than one in 32 of everyone; the matrix is then no bigger than the input.
        var dense = store switch
        {
            ForbiddenStore.Rows or ForbiddenStore.PartitionedRows => false,
            ForbiddenStore.Bitset => true,
            _ => (long)n * n / 64 <= (long)request.History.Count + request.Exclusions.Count,
        };
        // Two independent jobs, on both cores for large pools: organisations (request order) beside the
        // seeded order and the forbidden partners. Each is a pure function of the request, so the plan
        // does not depend on which finishes first.
        var organisations = n >= ParallelFrom
            ? Task.Run(() => ReadOrganisations(participants))
            : Task.FromResult(ReadOrganisations(participants));
        try
        {
            problem.Order(participants, request.Seed);
            if (dense)
            {
                problem.BuildBits(request);
            }
            else
            {
                problem.EnsureRows();
            }
        }
        catch (ArgumentException)
        {
            // A bad request (a missing or repeated id): let the other job finish first, so nothing runs on.
            try
            {
                organisations.Wait();
            }
            catch (AggregateException)
            {
                // The request is reported as bad already.
            }

            throw;
        }

        problem.PlaceOrganisations(organisations.GetAwaiter().GetResult());
        return problem;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Compatible(int u, int v, int tier)
    {
        if (AvoidSameOrganisation)
        {
            var ou = Organisation[u];
            if (ou >= 0 && ou == Organisation[v])
            {
                return false;
            }
        }

        var bits = _bits;
        if (bits is not null && tier == NoRepeats)
        {
            return (bits[((long)u * _words) + (v >> 6)] & (1UL << v)) == 0;
        }

        var round = MetRound(u, v);
        return round == int.MinValue || round <= tier;
    }

    /// <summary>The round of the latest meeting in the window (<see cref="Never"/> if excluded), or int.MinValue.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int MetRound(int u, int v)
    {
        if (!_rowsBuilt)
        {
            EnsureRows();
        }

        var start = RowStart[u];
        var end = RowStart[u + 1];
        if (start == end)
        {
            return int.MinValue;
        }

        var rows = Rows;
        if (end - start <= LinearRowLimit)
        {
            // Short rows are left unsorted and may hold a partner twice: scan all, keep the latest.
            var latest = int.MinValue;
            for (var i = start; i < end; i++)
            {
                if ((int)(rows[i] >> 32) == v)
                {
                    latest = Math.Max(latest, DecodeRound(rows[i]));
                }
            }

            return latest;
        }

        var at = LowerBound(start, end, v);
        return at < end && (int)(rows[at] >> 32) == v ? DecodeRound(rows[at]) : int.MinValue;
    }

    /// <summary>The first entry of u's row whose partner is at least v.</summary>
    public int LowerBound(int start, int end, int v)
    {
        var key = (long)v << 32;
        var rows = Rows;
        var lo = start;
        var hi = end;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (rows[mid] < key)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int DecodeRound(long entry) => (int)((uint)entry ^ 0x8000_0000u);

    private static long Encode(int partner, int round) => ((long)partner << 32) | ((uint)round ^ 0x8000_0000u);

    /// <summary>
    /// Sorts people by a seeded hash of their id. A hash of the id (not the caller's order) makes the plan
    /// independent of input order; mixing in the seed makes the order a fresh shuffle for every seed; a
    /// 64-bit bijective mix means two ids tie only when their hashes collide, and then the ids decide.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Order(IReadOnlyList<PairingParticipant> participants, ulong seed)
    {
        var n = Count;
        var state = seed;
        var salt1 = SeededRandom.SplitMix64(ref state);
        var salt2 = SeededRandom.SplitMix64(ref state);
        var keys = new ulong[n];
        var ids = new string[n];
        Ids = ids;
        var order = ParticipantOf;
        for (var i = 0; i < n; i++)
        {
            var id = participants[i].Id ?? throw new ArgumentException($"Participant {i} has no id.", nameof(participants));
            ids[i] = id;
            keys[i] = SeededRandom.Mix64(SeededRandom.Mix64(HashId(id) ^ salt1) + salt2);
            order[i] = i;
        }

        if (n < 4096)
        {
            Array.Sort(keys, order);
        }
        else
        {
            BucketSort(keys, order);
        }

        for (var i = 1; i < n; i++)
        {
            if (keys[i] != keys[i - 1])
            {
                continue;
            }

            var start = i - 1;
            var end = i + 1;
            while (end < n && keys[end] == keys[start])
            {
                end++;
            }

            var run = order.AsSpan(start, end - start);
            run.Sort((a, b) => string.CompareOrdinal(participants[a].Id, participants[b].Id));
            for (var j = 1; j < run.Length; j++)
            {
                if (string.Equals(participants[run[j]].Id, participants[run[j - 1]].Id, StringComparison.Ordinal))
                {
                    throw new ArgumentException($"The participant id '{participants[run[j]].Id}' appears more than once.", nameof(participants));
                }
            }

            i = end - 1;
        }

        for (var v = 0; v < n; v++)
        {
            VertexOf[order[v]] = v;
        }
    }

    /// <summary>A hash of the id's UTF-16 code units, eight bytes at a time (little-endian, so the same on every platform).</summary>
    private static ulong HashId(string text)
    {
        var bytes = MemoryMarshal.AsBytes(text.AsSpan());
        var hash = 0xCBF29CE484222325UL ^ (ulong)bytes.Length;
        while (bytes.Length >= 8)
        {
            hash = Step(hash, BinaryPrimitives.ReadUInt64LittleEndian(bytes));
            bytes = bytes[8..];
        }

        if (!bytes.IsEmpty)
        {
            Span<byte> tail = stackalloc byte[8];
            tail.Clear();
            bytes.CopyTo(tail);
            hash = Step(hash, BinaryPrimitives.ReadUInt64LittleEndian(tail));
        }

        return hash;

        static ulong Step(ulong hash, ulong chunk) => ulong.RotateLeft((hash ^ chunk) * 0x9E3779B97F4A7C15UL, 31) * 0xC2B2AE3D27D4EB4FUL;
    }

    /// <summary>
    /// Sorts by key: one scatter into buckets by the top bits (about four keys a bucket, the keys being
    /// uniform), then each small bucket by insertion. One pass over memory instead of a radix sort's four.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void BucketSort(ulong[] keys, int[] items)
    {
        var n = keys.Length;
        var bits = Math.Clamp(BitOperations.Log2((uint)n) - 2, 1, 24);
        var shift = 64 - bits;
        var start = new int[(1 << bits) + 1];
        foreach (var key in keys)
        {
            start[(int)(key >> shift) + 1]++;
        }

        for (var d = 1; d < start.Length; d++)
        {
            start[d] += start[d - 1];
        }

        var sortedKeys = GC.AllocateUninitializedArray<ulong>(n);
        var sortedItems = GC.AllocateUninitializedArray<int>(n);
        var at = start.AsSpan(0, 1 << bits).ToArray();
        for (var i = 0; i < n; i++)
        {
            var to = at[(int)(keys[i] >> shift)]++;
            sortedKeys[to] = keys[i];
            sortedItems[to] = items[i];
        }

        for (var d = 0; d < start.Length - 1; d++)
        {
            var from = start[d];
            var end = start[d + 1];
            if (end - from > 32)
            {
                sortedKeys.AsSpan(from, end - from).Sort(sortedItems.AsSpan(from, end - from));
                continue;
            }

            for (var i = from + 1; i < end; i++)
            {
                var key = sortedKeys[i];
                var item = sortedItems[i];
                var j = i - 1;
                while (j >= from && sortedKeys[j] > key)
                {
                    sortedKeys[j + 1] = sortedKeys[j];
                    sortedItems[j + 1] = sortedItems[j];
                    j--;
                }

                sortedKeys[j + 1] = key;
                sortedItems[j + 1] = item;
            }
        }

        sortedKeys.CopyTo(keys, 0);
        sortedItems.CopyTo(items, 0);
    }

    /// <summary>
    /// Numbers organisations (case-insensitively, trimmed, from the email domain when blank) and reads the
    /// sit-out rounds, in request order: a pure function of the participants, so it can run beside
    /// <see cref="Order"/> on the other core. Numbers only ever meet in equality tests.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int[] Organisation, int[] SitOutKey) ReadOrganisations(IReadOnlyList<PairingParticipant> participants)
    {
        var n = participants.Count;
        var organisation = new int[n];
        var sitOutKey = new int[n];
        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var lookup = names.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var i = 0; i < n; i++)
        {
            var person = participants[i];
            sitOutKey[i] = person.LastSatOutRound ?? int.MinValue;
            var name = OrganisationName(person);
            if (name.IsEmpty)
            {
                organisation[i] = -1;
                continue;
            }

            if (!lookup.TryGetValue(name, out var number))
            {
                number = names.Count;
                lookup[name] = number;
            }

            organisation[i] = number;
        }

        return (organisation, sitOutKey);
    }

    private void PlaceOrganisations((int[] Organisation, int[] SitOutKey) byParticipant)
    {
        var participantOf = ParticipantOf;
        for (var v = 0; v < Count; v++)
        {
            var i = participantOf[v];
            Organisation[v] = byParticipant.Organisation[i];
            SitOutKey[v] = byParticipant.SitOutKey[i];
        }
    }

    internal static ReadOnlySpan<char> OrganisationName(PairingParticipant person)
    {
        var organisation = person.Organisation.AsSpan().Trim();
        if (!organisation.IsEmpty)
        {
            return organisation;
        }

        var email = person.Email.AsSpan().Trim();
        var at = email.LastIndexOf('@');
        return at < 0 ? [] : email[(at + 1)..].Trim();
    }

    /// <summary>Builds the rows of forbidden partners (with rounds) if they are not built yet.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    /// <summary>
    /// The same rows, entry for entry, built cache-consciously for large pools. Scattering millions of
    /// entries straight into their rows costs a cache miss each (the rows span ~100 MB), so the entries are
    /// first appended to the block of people they belong to (a few hundred blocks, each written
    /// sequentially), and each block, small enough to stay in cache, is then put into row order. A block's
    /// entries occupy exactly the span its rows will, so the second step works in place with a small
    /// scratch buffer. Both steps are stable: each row keeps history order, exclusions after.
    /// On large pools the history is cut in two halves, one per core: each half's entries go to their own
    /// reserved stretch of every block (first half first), so the rows are the same whatever the timing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private long[] FillPartitioned(IReadOnlyList<PastMeeting> historyList, IReadOnlyList<ExcludedPair> exclusionsList, long firstRound, long lastRound, bool[]? seenRound, HashSet<int>? seenRoundSet)
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
            N = n,
            Shift = shift,
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
        build.Rows = GC.AllocateUninitializedArray<long>(total);
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

        public required int N { get; init; }

        public required int Shift { get; init; }

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

        public long[] Rows { get; set; } = [];


        public int MaxBlock { get; set; }

        /// <summary>Entries per block from the part's slice of the history; the last part also takes the exclusions.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
                    blockCount[vertexOf[m.A] >> shift]++;
                    blockCount[vertexOf[m.B] >> shift]++;
                    SeeRound(m.Round, firstRound, seenRound, seenRoundSet);
                }
            }

            if (part == Parts - 1)
            {
                foreach (var x in exclusions)
                {
                    if (Valid(x.A, x.B, n))
                    {
                        blockCount[vertexOf[x.A] >> shift]++;
                        blockCount[vertexOf[x.B] >> shift]++;
                    }
                }
            }
        }

        /// <summary>Appends the part's entries to their blocks, in the stretch of each block reserved for the part.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void ScatterPart(int part)
        {
            var history = AsSpan(History);
            var exclusions = AsSpan(Exclusions);
            var (n, shift, firstRound, lastRound, vertexOf, rows) = (N, Shift, FirstRound, LastRound, VertexOf, Rows);
            var local = (1 << shift) - 1;
            var at = Cursors[part];
            var from = part == 0 ? 0 : Cut;
            var to = part == Parts - 1 ? history.Length : Cut;
            for (var i = from; i < to; i++)
            {
                ref readonly var m = ref history[i];
                if (InWindow(m.Round, firstRound, lastRound) && Valid(m.A, m.B, n))
                {
                    var a = vertexOf[m.A];
                    var b = vertexOf[m.B];
                    var code = (long)(m.Round - firstRound);
                    rows[at[a >> shift]++] = ((long)b << 32) | ((long)(a & local) << RoundBits) | code;
                    rows[at[b >> shift]++] = ((long)a << 32) | ((long)(b & local) << RoundBits) | code;
                }
            }

            if (part == Parts - 1)
            {
                foreach (var x in exclusions)
                {
                    if (Valid(x.A, x.B, n))
                    {
                        var a = vertexOf[x.A];
                        var b = vertexOf[x.B];
                        rows[at[a >> shift]++] = ((long)b << 32) | ((long)(a & local) << RoundBits) | ExclusionCode;
                        rows[at[b >> shift]++] = ((long)a << 32) | ((long)(b & local) << RoundBits) | ExclusionCode;
                    }
                }
            }
        }

        /// <summary>Per block: counts each person's entries, lays out their rows and moves the entries into place. Parts take alternate blocks.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void ArrangePart(int part)
        {
            var (n, shift, rows, start, blockStart, firstRound) = (N, Shift, Rows, RowStart, BlockStart, FirstRound);
            var scratch = new long[MaxBlock];
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
                    degree[(int)(rows[i] >> RoundBits) & LocalMask]++;
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
                    var code = (int)(e & ExclusionCode);
                    var round = code == ExclusionCode ? Never : (int)(firstRound + code);
                    rows[degree[(int)(e >> RoundBits) & LocalMask]++] = Encode((int)(e >> 32), round);
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SeeRound(int round, long firstRound, bool[]? seenRound, HashSet<int>? seenRoundSet)
    {
        if (seenRound is not null)
        {
            seenRound[(int)(round - firstRound)] = true;
        }
        else
        {
            seenRoundSet!.Add(round);
        }
    }

    /// <summary>
    /// The matrix of bits for small dense pools: one pass over the history, a bit set per meeting in the
    /// window and per exclusion, both ways. Rounds are not kept; the rows hold them if they are ever needed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void BuildBits(PairingRequest request)
    {
        var n = Count;
        var window = Math.Max(0, request.Rules.RepeatWindowRounds);
        var words = (n + 63) >> 6;
        var seenRound = window > 0 && window <= 1 << 20 ? new bool[window] : null;
        HashSet<int>? seenRoundSet = seenRound is null ? [] : null;
        var history = Spannable(request.History);

        // A long history is cut in two, one half per core, each into its own matrix; OR-ing them is exact.
        var parts = history.Count >= ParallelHistoryFrom && seenRound is not null ? 2 : 1;
        var build = new BitsBuild
        {
            History = history,
            Exclusions = request.Exclusions,
            VertexOf = VertexOf,
            N = n,
            Words = words,
            Parts = parts,
            FirstRound = (long)request.Round - window,
            LastRound = request.Round - 1L,
            SeenRound = seenRound,
            SeenRoundSet = seenRoundSet,
            Bits = new ulong[parts][],
        };
        Run(parts, build.Part);
        var bits = build.Bits[0];
        for (var part = 1; part < parts; part++)
        {
            var other = build.Bits[part];
            for (var i = 0; i < bits.Length; i++)
            {
                bits[i] |= other[i];
            }
        }

        _words = words;
        _bits = bits;
        WindowRounds = ToWindowRounds(seenRound, seenRoundSet, build.FirstRound);
    }

    /// <summary>The state of <see cref="BuildBits"/>, shared by its parts; each part reads it into locals first.</summary>
    private sealed class BitsBuild
    {
        public required IReadOnlyList<PastMeeting> History { get; init; }

        public required IReadOnlyList<ExcludedPair> Exclusions { get; init; }

        public required int[] VertexOf { get; init; }

        public required int N { get; init; }

        public required int Words { get; init; }

        public required int Parts { get; init; }

        public required long FirstRound { get; init; }

        public required long LastRound { get; init; }

        public required bool[]? SeenRound { get; init; }

        public required HashSet<int>? SeenRoundSet { get; init; }

        public required ulong[][] Bits { get; init; }

        /// <summary>Sets the bits of the part's slice of the history; the first part also takes the exclusions.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Part(int part)
        {
            var history = AsSpan(History);
            var (n, words, firstRound, lastRound, vertexOf, seenRound, seenRoundSet) = (N, Words, FirstRound, LastRound, VertexOf, SeenRound, SeenRoundSet);
            var bits = Bits[part] = new ulong[(long)n * words];
            var cut = history.Length / Parts;
            var from = part * cut;
            var to = part == Parts - 1 ? history.Length : from + cut;
            for (var i = from; i < to; i++)
            {
                ref readonly var m = ref history[i];
                if (InWindow(m.Round, firstRound, lastRound) && Valid(m.A, m.B, n))
                {
                    var a = vertexOf[m.A];
                    var b = vertexOf[m.B];
                    bits[((long)a * words) + (b >> 6)] |= 1UL << b;
                    bits[((long)b * words) + (a >> 6)] |= 1UL << a;
                    SeeRound(m.Round, firstRound, seenRound, seenRoundSet);
                }
            }

            if (part == 0)
            {
                foreach (var x in AsSpan(Exclusions))
                {
                    if (Valid(x.A, x.B, n))
                    {
                        var a = vertexOf[x.A];
                        var b = vertexOf[x.B];
                        bits[((long)a * words) + (b >> 6)] |= 1UL << b;
                        bits[((long)b * words) + (a >> 6)] |= 1UL << a;
                    }
                }
            }
        }
    }

    private static int[] ToWindowRounds(bool[]? seenRound, HashSet<int>? seenRoundSet, long firstRound)
    {
        if (seenRound is null)
        {
            var sorted = seenRoundSet!.ToArray();
            Array.Sort(sorted);
            return sorted;
        }

        var count = 0;
        foreach (var seen in seenRound)
        {
            count += seen ? 1 : 0;
        }

        var rounds = new int[count];
        count = 0;
        for (var i = 0; i < seenRound.Length; i++)
        {
            if (seenRound[i])
            {
                rounds[count++] = (int)(firstRound + i);
            }
        }

        return rounds;
    }

    private static bool InWindow(int round, long firstRound, long lastRound) => round >= firstRound && round <= lastRound;

    private static bool Valid(int a, int b, int n) => a != b && (uint)a < (uint)n && (uint)b < (uint)n;

    /// <summary>The list itself when <see cref="AsSpan"/> reads it without copying, else a copy that it can.</summary>
    private static IReadOnlyList<T> Spannable<T>(IReadOnlyList<T> list) => list is T[] or List<T> ? list : list.ToArray();

    private static ReadOnlySpan<T> AsSpan<T>(IReadOnlyList<T> list) => list switch
    {
        T[] array => array,
        List<T> growable => CollectionsMarshal.AsSpan(growable),
        _ => list.ToArray(),
    };
}
