using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Unmentoring.Pairing;

/// <summary>How forbidden partners are held; <see cref="Auto"/> picks by density. The choice never changes a plan.</summary>
internal enum ForbiddenStore
{
    Auto,

    /// <summary>Per person, a row of forbidden partners (the rounds of the meetings beside it, when asked for).</summary>
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
/// Forbidden partners (recent meetings and exclusions) are kept in rows, each meeting once in the row of the
/// earlier of its two people (every partner, sorted, when some row is long); compatibility is tested on
/// the fly, so the engine never holds the O(n²) edges of a mostly compatible pool. In a small,
/// dense pool (people have met a sizeable share of everyone) a bit matrix answers "may these two meet
/// without a repeat?" with one bit test, and the rows are built only if a repeat tier is ever tried.
/// </summary>
internal sealed partial class PairingProblem
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

    // While rows are built in blocks, an entry holds the person's place in the block above the partner's
    // bits. Blocks shrink as pools grow so that both fit in 32 bits; below MinBlockShift the direct build is used.
    private const int MaxBlockShift = 12;
    private const int MinBlockShift = 8;

    private PairingRequest _request = null!;
    private bool _rowsBuilt;

    // Whether each meeting is kept once, in the row of the earlier of its two people (see EnsureRows).
    private bool _halfRows;
    private bool _roundsBuilt;

    // Rows are built in blocks of 2^shift people when positive; directly when zero.
    private int _partitionShift;

    // Per vertex, a bit per partner in its row (bit partner mod 64): a clear bit proves the pair is not in the
    // row with one load, which settles most compatibility tests without reading the row at all.
    private ulong[] _rowSignature = [];

    // The bit matrix, in vertex space: row u has a bit per v, set when u and v may not meet without a repeat.
    private ulong[]? _bits;
    private int _words;

    private PairingProblem(int count)
    {
        Count = count;
        VertexOf = new int[count];
        Organisation = new int[count];
        SitOutKey = new int[count];
        RowStart = new int[count + 1];
    }

    public int Count { get; }

    /// <summary>The callers' ids in request order.</summary>
    public string[] Ids { get; private set; } = [];

    /// <summary>Vertex to index in the request's participants.</summary>
    public int[] ParticipantOf { get; private set; } = [];

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

    /// <summary>
    /// Whether each meeting is kept once, in the row of the earlier person (every row short): a row then
    /// lists only later partners, so "may u and v meet?" reads the row of the earlier of the two.
    /// </summary>
    public bool HalfRows => _halfRows;

    /// <summary>Whether a row is sorted by partner (longer rows); shorter rows are scanned whole.</summary>
    public static bool IsSorted(int start, int end) => end - start > LinearRowLimit;

    /// <summary>Per row, the forbidden partners (sorted when the row is long); call <see cref="EnsureRows"/> first.</summary>
    public int[] Rows { get; private set; } = [];

    /// <summary>
    /// Beside each entry of <see cref="Rows"/>, the round of the latest meeting with that partner in the window
    /// (<see cref="Never"/> for an exclusion); call <see cref="EnsureRounds"/> first. Only a repeat tier or a
    /// repeat's round needs it, so a plan that repeats nothing never builds it.
    /// </summary>
    public int[] RowRound { get; private set; } = [];

    public bool AvoidSameOrganisation { get; private set; }

    /// <summary>The distinct rounds of meetings inside the window, oldest first: the tiers in which repeats may be relaxed.</summary>
    public int[] WindowRounds { get; private set; } = [];

    public static PairingProblem Build(PairingRequest request) => Build(request, ForbiddenStore.Auto);

    public static PairingProblem Build(PairingRequest request, ForbiddenStore store)
    {
        var participants = request.Participants;
        var n = participants.Count;
        var problem = new PairingProblem(n);
        problem.AvoidSameOrganisation = request.Rules.AvoidSameOrganisation;
        problem._request = request;
        problem._partitionShift = store == ForbiddenStore.PartitionedRows ? 2 : n >= PartitionFrom ? BlockShift(n) : 0;

        // A row of bits costs n/64 words; a row of partners one long per meeting. Bits win once people
        // have, on average, met more than one in 32 of everyone; the matrix is then no bigger than the input.
        var dense = store switch
        {
            ForbiddenStore.Rows or ForbiddenStore.PartitionedRows => false,
            ForbiddenStore.Bitset => true,
            _ => (long)n * n / 64 <= (long)request.History.Count + request.Exclusions.Count,
        };
        if (n < ParallelFrom)
        {
            // One core: starting a task costs a fresh process more than numbering a few thousand organisations.
            problem.Order(participants, request.Seed);
            problem.BuildForbidden(request, dense);
            problem.PlaceOrganisations(ReadOrganisations(participants));
            problem.NoRepeatsRule = new NoRepeatsTest(problem);
            return problem;
        }

        // Two independent jobs, on both cores for large pools: organisations (request order) beside the
        // seeded order and the forbidden partners. Each is a pure function of the request, so the plan
        // does not depend on which finishes first.
        var organisations = Task.Run(() => ReadOrganisations(participants));
        try
        {
            problem.Order(participants, request.Seed);
            problem.BuildForbidden(request, dense);
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
        problem.NoRepeatsRule = new NoRepeatsTest(problem);
        return problem;
    }

    private void BuildForbidden(PairingRequest request, bool dense)
    {
        if (dense)
        {
            BuildBits(request);
        }
        else
        {
            EnsureRows();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Compatible(int u, int v, int tier)
    {
        if (tier == NoRepeats)
        {
            return NoRepeatsRule.Compatible(u, v);
        }

        if (AvoidSameOrganisation)
        {
            var ou = Organisation[u];
            if (ou >= 0 && ou == Organisation[v])
            {
                return false;
            }
        }

        var round = MetRound(u, v);
        return round == int.MinValue || round <= tier;
    }

    /// <summary>The round of the latest meeting in the window (<see cref="Never"/> if excluded), or int.MinValue.</summary>
    public int MetRound(int u, int v)
    {
        if (!_roundsBuilt)
        {
            EnsureRounds();
        }

        if (_halfRows && v < u)
        {
            (u, v) = (v, u);
        }

        var start = RowStart[u];
        var end = RowStart[u + 1];
        var rows = Rows;
        if (end - start <= LinearRowLimit)
        {
            // Short rows are left unsorted and may hold a partner twice, each entry with the latest round.
            for (var i = start; i < end; i++)
            {
                if (rows[i] == v)
                {
                    return RowRound[i];
                }
            }

            return int.MinValue;
        }

        var at = LowerBound(start, end, v);
        return at < end && rows[at] == v ? RowRound[at] : int.MinValue;
    }

    /// <summary>The first entry of u's row whose partner is at least v.</summary>
    public int LowerBound(int start, int end, int v) => LowerBound(Rows, start, end, v);

    private static int LowerBound(int[] rows, int start, int end, int v)
    {
        var key = v;
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

    /// <summary>
    /// Sets every element to <paramref name="value"/>. A plain loop: <see cref="Array.Fill{T}(T[], T)"/> uses
    /// vectors whose width is only known on the machine, so it is never precompiled and a fresh process
    /// compiles it on the first plan.
    /// </summary>
    public static void Fill(int[] array, int value)
    {
        for (var i = 0; i < array.Length; i++)
        {
            array[i] = value;
        }
    }

    private static bool InWindow(int round, long firstRound, long lastRound) => round >= firstRound && round <= lastRound;

    /// <summary>
    /// The first round of the window. A round of int.MinValue would read as "never met", as it always has,
    /// so it is left out of the window: a row entry always forbids the pair under the no-repeats tier.
    /// </summary>
    private static long FirstRound(PairingRequest request, int window) => Math.Max((long)request.Round - window, int.MinValue + 1L);

    /// <summary>Blocks of 2^shift people, as large as lets the place in the block and the partner share 32 bits; 0 when too small.</summary>
    private static int BlockShift(int n)
    {
        var shift = Math.Min(MaxBlockShift, BitOperations.LeadingZeroCount((uint)Math.Max(1, n - 1)));
        return shift >= MinBlockShift ? shift : 0;
    }

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
