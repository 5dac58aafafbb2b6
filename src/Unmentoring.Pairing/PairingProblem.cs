using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Unmentoring.Pairing;

/// <summary>How forbidden partners are held; <see cref="Auto"/> picks by density. The choice never changes a plan.</summary>
internal enum ForbiddenStore
{
    Auto,

    /// <summary>Per person, a row of forbidden partners with the round of the latest meeting.</summary>
    Rows,

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

    private PairingRequest _request = null!;
    private bool _rowsBuilt;

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
        problem.Order(participants, request.Seed);
        problem.ReadOrganisations(participants);
        problem._request = request;

        // A row of bits costs n/64 words; a row of partners one long per meeting. Bits win once people
        // have, on average, met more than one in 32 of everyone; the matrix is then no bigger than the input.
        var dense = store switch
        {
            ForbiddenStore.Rows => false,
            ForbiddenStore.Bitset => true,
            _ => (long)n * n / 64 <= (long)request.History.Count + request.Exclusions.Count,
        };
        if (dense)
        {
            problem.BuildBits(request);
        }
        else
        {
            problem.EnsureRows();
        }

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
    /// 64-bit bijective mix means two ids tie only when their FNV hashes collide, and then the ids decide.
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
            keys[i] = SeededRandom.Mix64(SeededRandom.Mix64(Fnv1a(id) ^ salt1) + salt2);
            order[i] = i;
        }

        if (n < 4096)
        {
            Array.Sort(keys, order);
        }
        else
        {
            RadixSort(keys, order);
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

    private static ulong Fnv1a(string text)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 0x100000001B3UL;
        }

        return hash;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RadixSort(ulong[] keys, int[] items)
    {
        var n = keys.Length;
        var keysB = new ulong[n];
        var itemsB = new int[n];
        var counts = new int[1 << 16];
        for (var shift = 0; shift < 64; shift += 16)
        {
            Array.Clear(counts);
            foreach (var key in keys)
            {
                counts[(int)((key >> shift) & 0xFFFF)]++;
            }

            var sum = 0;
            for (var d = 0; d < counts.Length; d++)
            {
                var c = counts[d];
                counts[d] = sum;
                sum += c;
            }

            for (var i = 0; i < n; i++)
            {
                var at = counts[(int)((keys[i] >> shift) & 0xFFFF)]++;
                keysB[at] = keys[i];
                itemsB[at] = items[i];
            }

            (keys, keysB) = (keysB, keys);
            (items, itemsB) = (itemsB, items);
        }

        // Four passes: the sorted data is back in the arrays the caller passed.
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadOrganisations(IReadOnlyList<PairingParticipant> participants)
    {
        // Request order: the participant objects are read sequentially; only the small writes jump about.
        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var lookup = names.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var i = 0; i < Count; i++)
        {
            var person = participants[i];
            var v = VertexOf[i];
            SitOutKey[v] = person.LastSatOutRound ?? int.MinValue;
            var name = OrganisationName(person);
            if (name.IsEmpty)
            {
                Organisation[v] = -1;
                continue;
            }

            if (!lookup.TryGetValue(name, out var number))
            {
                number = names.Count;
                lookup[name] = number;
            }

            Organisation[v] = number;
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
        var history = AsSpan(request.History);
        var exclusions = AsSpan(request.Exclusions);
        var start = RowStart;

        // Counting pass, then filling pass: two reads of the history beat one growing list per person.
        for (var i = 0; i < history.Length; i++)
        {
            ref readonly var m = ref history[i];
            if (InWindow(m.Round, firstRound, lastRound) && Valid(m.A, m.B, n))
            {
                start[VertexOf[m.A]]++;
                start[VertexOf[m.B]]++;
            }
        }

        for (var i = 0; i < exclusions.Length; i++)
        {
            ref readonly var x = ref exclusions[i];
            if (Valid(x.A, x.B, n))
            {
                start[VertexOf[x.A]]++;
                start[VertexOf[x.B]]++;
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
        var seenRound = window > 0 && window <= 1 << 20 ? new bool[window] : null;
        HashSet<int>? seenRoundSet = seenRound is null ? [] : null;
        for (var i = 0; i < history.Length; i++)
        {
            ref readonly var m = ref history[i];
            if (InWindow(m.Round, firstRound, lastRound) && Valid(m.A, m.B, n))
            {
                var a = VertexOf[m.A];
                var b = VertexOf[m.B];
                rows[fill[a]++] = Encode(b, m.Round);
                rows[fill[b]++] = Encode(a, m.Round);
                if (seenRound is not null)
                {
                    seenRound[(int)(m.Round - firstRound)] = true;
                }
                else
                {
                    seenRoundSet!.Add(m.Round);
                }
            }
        }

        for (var i = 0; i < exclusions.Length; i++)
        {
            ref readonly var x = ref exclusions[i];
            if (Valid(x.A, x.B, n))
            {
                var a = VertexOf[x.A];
                var b = VertexOf[x.B];
                rows[fill[a]++] = Encode(b, Never);
                rows[fill[b]++] = Encode(a, Never);
            }
        }

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
    /// The matrix of bits for small dense pools: one pass over the history, a bit set per meeting in the
    /// window and per exclusion, both ways. Rounds are not kept; the rows hold them if they are ever needed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void BuildBits(PairingRequest request)
    {
        var n = Count;
        var window = Math.Max(0, request.Rules.RepeatWindowRounds);
        var firstRound = (long)request.Round - window;
        var lastRound = request.Round - 1L;
        var history = AsSpan(request.History);
        var exclusions = AsSpan(request.Exclusions);
        var words = (n + 63) >> 6;
        var bits = new ulong[(long)n * words];
        var vertexOf = VertexOf;
        var seenRound = window > 0 && window <= 1 << 20 ? new bool[window] : null;
        HashSet<int>? seenRoundSet = seenRound is null ? [] : null;
        for (var i = 0; i < history.Length; i++)
        {
            ref readonly var m = ref history[i];
            if (InWindow(m.Round, firstRound, lastRound) && Valid(m.A, m.B, n))
            {
                var a = vertexOf[m.A];
                var b = vertexOf[m.B];
                bits[((long)a * words) + (b >> 6)] |= 1UL << b;
                bits[((long)b * words) + (a >> 6)] |= 1UL << a;
                if (seenRound is not null)
                {
                    seenRound[(int)(m.Round - firstRound)] = true;
                }
                else
                {
                    seenRoundSet!.Add(m.Round);
                }
            }
        }

        for (var i = 0; i < exclusions.Length; i++)
        {
            ref readonly var x = ref exclusions[i];
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

    private static ReadOnlySpan<T> AsSpan<T>(IReadOnlyList<T> list) => list switch
    {
        T[] array => array,
        List<T> growable => CollectionsMarshal.AsSpan(growable),
        _ => list.ToArray(),
    };
}
