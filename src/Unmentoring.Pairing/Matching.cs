namespace Unmentoring.Pairing;

/// <summary>
/// A matching over the problem's vertices with the operations the planner needs: a seeded greedy pass,
/// Edmonds' blossom search for augmenting paths with edges tested on the fly, and removal of people who
/// must stay out. The "tier" passed around is the newest meeting that may be repeated
/// (<see cref="PairingProblem.NoRepeats"/> for none); exclusions and organisations are never relaxed.
/// </summary>
internal sealed partial class Matching
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
    private int _deadEpoch = 1;

    // Free people, with their place in the list plus one (zero: not free, so a new array needs no filling).
    private readonly List<int> _free = [];
    private readonly int[] _freeAt;

    // Blossom-search state, reset in O(1) by bumping stamps. Allocated by the first search: at a million
    // people greedy usually leaves nobody to search from, and 32 MB of fresh pages cost the kernel time to clear.
    private int[] _deadStamp = [];
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
        PairingProblem.Fill(_mate, -1);
        _removed = new bool[_n];
        _freeAt = new int[_n];
    }

    private void EnsureSearchState()
    {
        if (_outerStamp.Length == _n)
        {
            return;
        }

        _deadStamp = new int[_n];
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
    public void Greedy()
    {
        // The unmatched people after v, as a list linked forwards: the next one after x is x + 1 + skip[x].
        // Only people after v are ever walked, so nobody needs a backward link, and a fresh array of zeros
        // is already the list of everyone.
        var n = _n;
        var rule = _problem.NoRepeatsRule;
        var skip = new int[n];
        for (var v = 0; v < n; v++)
        {
            if (_mate[v] >= 0)
            {
                continue;
            }

            var before = v;
            var w = v + 1 + skip[v];
            for (var probes = 0; w < n && probes < GreedyProbes; probes++)
            {
                if (rule.Compatible(v, w))
                {
                    _mate[v] = w;
                    _mate[w] = v;
                    Pairs++;
                    skip[before] = w + skip[w] - before;
                    break;
                }

                before = w;
                w += 1 + skip[w];
            }

            if (_mate[v] < 0)
            {
                AddFree(v);
            }
        }
    }

    /// <summary>Augments until no augmenting path exists under <paramref name="tier"/>: the matching is then maximum.</summary>
    public void Maximise(int tier)
    {
        if (_free.Count < 2)
        {
            return;
        }

        EnsureSearchState();
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

        EnsureSearchState();
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
    public bool[] LeavableSet(int tier)
    {
        var leavable = new bool[_n];
        EnsureSearchState();
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
                leavable.AsSpan().Fill(true);
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
        if (_freeAt[v] > 0)
        {
            return;
        }

        _free.Add(v);
        _freeAt[v] = _free.Count;
    }

    private void RemoveFree(int v)
    {
        var at = _freeAt[v] - 1;
        if (at < 0)
        {
            return;
        }

        var last = _free[^1];
        _free[at] = last;
        _freeAt[last] = at + 1;
        _free.RemoveAt(_free.Count - 1);
        _freeAt[v] = 0;
    }
}
