namespace Unmentoring.Pairing;

// Edmonds' blossom search for augmenting paths, with edges tested on the fly against the forbidden pairs.
internal sealed partial class Matching
{
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

        var repeatsAllowed = tier != PairingProblem.NoRepeats;
        if (repeatsAllowed)
        {
            problem.EnsureRounds();
        }

        problem.EnsureRows();
        var rows = problem.Rows;
        var rounds = problem.RowRound;
        var organisation = problem.Organisation;
        var avoid = problem.AvoidSameOrganisation;

        // With half rows a person's earlier partners are in the partners' rows, so an empty row proves nothing.
        var halfRows = problem.HalfRows;
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

                    while (p < rowEnd && rows[p] < to)
                    {
                        p++;
                    }

                    if (sorted
                        ? p < rowEnd && rows[p] == to && (!repeatsAllowed || rounds[p] > tier)
                        : (halfRows || rowStart < rowEnd) && !problem.Compatible(v, to, tier))
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
