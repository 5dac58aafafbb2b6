using System.Runtime.CompilerServices;

namespace Unmentoring.Pairing;

/// <summary>
/// A matching over the problem's vertices with the operations the planner needs: a seeded greedy pass,
/// Edmonds' blossom search for augmenting paths with edges tested on the fly, and removal of people who
/// must stay out. The "tier" passed around is the newest meeting that may be repeated
/// (<see cref="PairingProblem.NoRepeats"/> for none); exclusions and organisations are never relaxed.
/// </summary>
internal sealed class Matching
{
    /// <summary>How far along the list of unmatched people the greedy pass looks before leaving someone to the repair.</summary>
    private const int GreedyProbes = 64;

    /// <summary>Below this many free people, each newly reached person is tried against all of them at once.</summary>
    private const int FreeCheckLimit = 64;

    private readonly PairingProblem _problem;
    private readonly int _n;
    private readonly int[] _mate;

    // People permanently out of the graph (they sit out) and, per epoch, pruned Hungarian trees.
    private readonly bool[] _removed;
    private readonly int[] _deadStamp;
    private int _deadEpoch = 1;

    // Free people, with their place in the list for O(1) removal.
    private readonly List<int> _free = [];
    private readonly int[] _freeAt;

    // Blossom-search state, reset in O(1) by bumping stamps. Allocated by the first search: at a million
    // people greedy usually leaves nobody to search from, and 28 MB of fresh pages cost the kernel time to clear.
    private int[] _outerStamp = [];
    private int[] _parentStamp = [];
    private int[] _parent = [];
    private int[] _baseStamp = [];
    private int[] _base = [];
    private int[] _blossomStamp = [];
    private int[] _lcaStamp = [];
    private int _search;
    private int _blossomMark;
    private int _lcaMark;
    private readonly List<int> _tree = [];
    private readonly List<int> _queue = [];

    public Matching(PairingProblem problem)
    {
        _problem = problem;
        _n = problem.Count;
        _mate = new int[_n];
        Array.Fill(_mate, -1);
        _removed = new bool[_n];
        _deadStamp = new int[_n];
        _freeAt = new int[_n];
        Array.Fill(_freeAt, -1);
    }

    private void EnsureSearchState()
    {
        if (_outerStamp.Length == _n)
        {
            return;
        }

        _outerStamp = new int[_n];
        _parentStamp = new int[_n];
        _parent = new int[_n];
        _baseStamp = new int[_n];
        _base = new int[_n];
        _blossomStamp = new int[_n];
        _lcaStamp = new int[_n];
    }

    public int[] Mate => _mate;

    public int Pairs { get; private set; }

    public IReadOnlyList<int> Free => _free;

    /// <summary>
    /// Walks people in seeded order and pairs each with the first compatible unmatched person after them.
    /// The order is a uniform shuffle, so on a pool with few constraints this alone is a uniform plan and
    /// matches nearly everyone in O(n); the rare person it cannot place is left to the augmenting search.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Greedy()
    {
        var n = _n;
        var next = new int[n];
        var prev = new int[n];
        for (var v = 0; v < n; v++)
        {
            next[v] = v + 1 < n ? v + 1 : -1;
            prev[v] = v - 1;
        }

        for (var v = 0; v < n; v++)
        {
            if (_mate[v] >= 0)
            {
                continue;
            }

            var w = next[v];
            for (var probes = 0; w >= 0 && probes < GreedyProbes; probes++, w = next[w])
            {
                if (_problem.Compatible(v, w, PairingProblem.NoRepeats))
                {
                    _mate[v] = w;
                    _mate[w] = v;
                    Pairs++;
                    Unlink(w, next, prev);
                    break;
                }
            }

            Unlink(v, next, prev);
            if (_mate[v] < 0)
            {
                AddFree(v);
            }
        }

        static void Unlink(int x, int[] next, int[] prev)
        {
            if (prev[x] >= 0)
            {
                next[prev[x]] = next[x];
            }

            if (next[x] >= 0)
            {
                prev[next[x]] = prev[x];
            }
        }
    }

    /// <summary>Augments until no augmenting path exists under <paramref name="tier"/>: the matching is then maximum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Maximise(int tier)
    {
        ResetPruning();
        var roots = _free.ToArray();
        foreach (var root in roots)
        {
            if (AliveFreeCount() < 2)
            {
                return;
            }

            if (_mate[root] >= 0 || !IsAlive(root))
            {
                continue;
            }

            var end = FindAugmentingPath(root, tier);
            if (end >= 0)
            {
                Augment(end);
                RemoveFree(root);
                RemoveFree(end);
                Pairs++;
            }
            else
            {
                // Edmonds: no augmenting path ever passes through a Hungarian tree, so later searches skip it.
                foreach (var t in _tree)
                {
                    _deadStamp[t] = _deadEpoch;
                }
            }
        }
    }

    /// <summary>
    /// Takes <paramref name="t"/> out of the graph if the matching can stay as large without them; returns
    /// whether it did. Only their partner can start an augmenting path after the split, so one search decides.
    /// </summary>
    public bool TryLeaveOut(int t, ReadOnlySpan<int> tiers)
    {
        if (_mate[t] < 0)
        {
            _removed[t] = true;
            RemoveFree(t);
            return true;
        }

        var m = _mate[t];
        _mate[t] = -1;
        _mate[m] = -1;
        _removed[t] = true;
        AddFree(m);
        foreach (var tier in tiers)
        {
            ResetPruning();
            var end = FindAugmentingPath(m, tier);
            if (end >= 0)
            {
                Augment(end);
                RemoveFree(m);
                RemoveFree(end);
                return true;
            }
        }

        RemoveFree(m);
        _removed[t] = false;
        _mate[t] = m;
        _mate[m] = t;
        return false;
    }

    /// <summary>
    /// Everyone some maximum matching can leave out (the D set of the Gallai-Edmonds decomposition): the
    /// outer people of the Hungarian trees grown from each free person. Pruning earlier trees loses
    /// nothing, because a path from outside can enter a Hungarian tree but never leave it at even distance.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool[] LeavableSet(int tier)
    {
        var leavable = new bool[_n];
        ResetPruning();
        foreach (var root in _free.ToArray())
        {
            if (!IsAlive(root))
            {
                continue;
            }

            if (FindAugmentingPath(root, tier) >= 0)
            {
                // Not maximum under this tier: the caller's premise is broken, so filter nothing.
                Array.Fill(leavable, true);
                return leavable;
            }

            foreach (var t in _tree)
            {
                leavable[t] |= IsOuter(t);
                _deadStamp[t] = _deadEpoch;
            }
        }

        return leavable;
    }

    /// <summary>A copy that can be augmented under another tier without touching this one.</summary>
    public Matching Clone()
    {
        var copy = new Matching(_problem);
        Array.Copy(_mate, copy._mate, _n);
        Array.Copy(_removed, copy._removed, _n);
        foreach (var f in _free)
        {
            copy.AddFree(f);
        }

        copy.Pairs = Pairs;
        return copy;
    }

    private bool IsAlive(int v) => !_removed[v] && _deadStamp[v] != _deadEpoch;

    private void ResetPruning() => _deadEpoch++;

    private int AliveFreeCount()
    {
        var count = 0;
        foreach (var f in _free)
        {
            if (IsAlive(f) && ++count >= 2)
            {
                return count;
            }
        }

        return count;
    }

    private void AddFree(int v)
    {
        if (_freeAt[v] >= 0)
        {
            return;
        }

        _freeAt[v] = _free.Count;
        _free.Add(v);
    }

    private void RemoveFree(int v)
    {
        var at = _freeAt[v];
        if (at < 0)
        {
            return;
        }

        var last = _free[^1];
        _free[at] = last;
        _freeAt[last] = at;
        _free.RemoveAt(_free.Count - 1);
        _freeAt[v] = -1;
    }

    private bool IsOuter(int v) => _outerStamp[v] == _search;

    private void MarkOuter(int v) => _outerStamp[v] = _search;

    private int Parent(int v) => _parentStamp[v] == _search ? _parent[v] : -1;

    private void SetParent(int v, int p)
    {
        _parentStamp[v] = _search;
        _parent[v] = p;
    }

    private int Base(int v) => _baseStamp[v] == _search ? _base[v] : v;

    private void SetBase(int v, int b)
    {
        _baseStamp[v] = _search;
        _base[v] = b;
    }

    /// <summary>
    /// Edmonds' blossom search from one free person, in the compact form with bases and parents. Edges are
    /// scanned on the fly: each candidate's forbidden row is merged in step with the scan. Each newly
    /// reached person is first tried against the few free people, which in a mostly compatible pool finds
    /// the augmenting path after a handful of steps instead of a scan of everyone.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int FindAugmentingPath(int root, int tier)
    {
        EnsureSearchState();
        _search++;
        _tree.Clear();
        _queue.Clear();
        MarkOuter(root);
        _tree.Add(root);
        var found = TryFree(root, root, tier);
        if (found >= 0)
        {
            return found;
        }

        var problem = _problem;
        if (problem.UsesBitset && tier == PairingProblem.NoRepeats)
        {
            return ScanWithBits(root);
        }

        problem.EnsureRows();
        var rows = problem.Rows;
        var organisation = problem.Organisation;
        var avoid = problem.AvoidSameOrganisation;
        _queue.Add(root);
        for (var head = 0; head < _queue.Count; head++)
        {
            var v = _queue[head];
            var ov = avoid ? organisation[v] : -1;
            var rowStart = problem.RowStart[v];
            var rowEnd = problem.RowStart[v + 1];
            var sorted = PairingProblem.IsSorted(rowStart, rowEnd);

            // Two segments, after v then before it, so each search starts its scan at a seeded place.
            for (var segment = 0; segment < 2; segment++)
            {
                var lo = segment == 0 ? v + 1 : 0;
                var hi = segment == 0 ? _n : v;
                var p = sorted ? problem.LowerBound(rowStart, rowEnd, lo) : rowEnd;
                for (var to = lo; to < hi; to++)
                {
                    if (!IsAlive(to) || _mate[v] == to)
                    {
                        continue;
                    }

                    if (ov >= 0 && organisation[to] == ov)
                    {
                        continue;
                    }

                    while (p < rowEnd && (int)(rows[p] >> 32) < to)
                    {
                        p++;
                    }

                    if (sorted
                        ? p < rowEnd && (int)(rows[p] >> 32) == to && PairingProblem.DecodeRound(rows[p]) > tier
                        : rowStart < rowEnd && !problem.Compatible(v, to, tier))
                    {
                        continue;
                    }

                    found = Step(v, to, root, tier);
                    if (found != NotFound)
                    {
                        return found;
                    }
                }
            }
        }

        return -1;
    }

    /// <summary>
    /// The same search on a small dense pool under the no-repeats tier: a candidate is any live person of
    /// another organisation whose bit in the searching person's row is clear.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int ScanWithBits(int root)
    {
        const int tier = PairingProblem.NoRepeats;
        var problem = _problem;
        _queue.Add(root);
        for (var head = 0; head < _queue.Count; head++)
        {
            var v = _queue[head];
            for (var segment = 0; segment < 2; segment++)
            {
                var lo = segment == 0 ? v + 1 : 0;
                var hi = segment == 0 ? _n : v;
                for (var to = lo; to < hi; to++)
                {
                    if (!IsAlive(to) || _mate[v] == to || !problem.Compatible(v, to, tier))
                    {
                        continue;
                    }

                    var found = Step(v, to, root, tier);
                    if (found != NotFound)
                    {
                        return found;
                    }
                }
            }
        }

        return -1;
    }

    private const int NotFound = int.MinValue;

    /// <summary>One edge of the search from outer <paramref name="v"/> to <paramref name="to"/>: the end of an augmenting path, or <see cref="NotFound"/>.</summary>
    private int Step(int v, int to, int root, int tier)
    {
        if (Base(v) == Base(to))
        {
            return NotFound;
        }

        if (to == root || (_mate[to] >= 0 && Parent(_mate[to]) >= 0))
        {
            var found = Contract(v, to, root, tier);
            return found >= 0 ? found : NotFound;
        }

        if (Parent(to) < 0)
        {
            SetParent(to, v);
            if (_mate[to] < 0)
            {
                return to;
            }

            var w = _mate[to];
            MarkOuter(w);
            _tree.Add(to);
            _tree.Add(w);
            _queue.Add(w);
            var found = TryFree(w, root, tier);
            return found >= 0 ? found : NotFound;
        }

        return NotFound;
    }

    /// <summary>An edge from a newly outer person straight to a free one ends the search.</summary>
    private int TryFree(int w, int root, int tier)
    {
        if (_free.Count > FreeCheckLimit)
        {
            return -1;
        }

        foreach (var f in _free)
        {
            if (f != root && IsAlive(f) && Parent(f) < 0 && _problem.Compatible(w, f, tier))
            {
                SetParent(f, w);
                return f;
            }
        }

        return -1;
    }

    private int Contract(int v, int to, int root, int tier)
    {
        var curBase = LowestCommonAncestor(v, to);
        _blossomMark++;
        MarkPath(v, curBase, to);
        MarkPath(to, curBase, v);
        var count = _tree.Count;
        for (var k = 0; k < count; k++)
        {
            var i = _tree[k];
            if (_blossomStamp[Base(i)] != _blossomMark)
            {
                continue;
            }

            SetBase(i, curBase);
            if (!IsOuter(i))
            {
                MarkOuter(i);
                _queue.Add(i);

                // Parents along the blossom are already set, so a path found here can be augmented at once.
                var found = TryFree(i, root, tier);
                if (found >= 0)
                {
                    return found;
                }
            }
        }

        return -1;
    }

    private int LowestCommonAncestor(int a, int b)
    {
        _lcaMark++;
        while (true)
        {
            a = Base(a);
            _lcaStamp[a] = _lcaMark;
            if (_mate[a] < 0)
            {
                break;
            }

            a = Parent(_mate[a]);
        }

        while (true)
        {
            b = Base(b);
            if (_lcaStamp[b] == _lcaMark)
            {
                return b;
            }

            b = Parent(_mate[b]);
        }
    }

    private void MarkPath(int v, int b, int child)
    {
        while (Base(v) != b)
        {
            _blossomStamp[Base(v)] = _blossomMark;
            _blossomStamp[Base(_mate[v])] = _blossomMark;
            SetParent(v, child);
            child = _mate[v];
            v = Parent(_mate[v]);
        }
    }

    private void Augment(int end)
    {
        var v = end;
        while (v >= 0)
        {
            var pv = Parent(v);
            var ppv = _mate[pv];
            _mate[v] = pv;
            _mate[pv] = v;
            v = ppv;
        }
    }
}
