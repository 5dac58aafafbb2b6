namespace Unmentoring.Cli.Pair;

/// <summary>
/// Participant ids to their positions, looked up by a span of the history file without a string per field.
/// </summary>
/// <remarks>
/// <c>Dictionary&lt;string, int&gt;.GetAlternateLookup&lt;ReadOnlySpan&lt;char&gt;&gt;()</c> does the same job, but
/// its code is shared generic code of the base library that a ReadyToRun image cannot hold, so in a fresh
/// <c>pair</c> process every one of a long history's lookups ran as unoptimised, just-compiled code (ADR 0041).
/// This table is ours, compiled ahead of time with the rest of the executable: open addressing with linear
/// probing, at most half full, keyed by the base library's string hash of the span.
/// </remarks>
internal sealed class IdIndex
{
    private string[] _ids = new string[16];
    private int[] _positions = new int[16];
    private int _count;

    public int Count => _count;

    /// <summary>Adds <paramref name="id"/> at <paramref name="position"/>; false (and nothing changed) when it is already there.</summary>
    public bool TryAdd(string id, int position)
    {
        if ((_count + 1) * 2 > _ids.Length)
        {
            Grow();
        }

        var slot = Find(id);
        if (_ids[slot] is not null)
        {
            return false;
        }

        _ids[slot] = id;
        _positions[slot] = position;
        _count++;
        return true;
    }

    public bool TryGetValue(ReadOnlySpan<char> id, out int position)
    {
        var slot = Find(id);
        position = _ids[slot] is null ? -1 : _positions[slot];
        return position >= 0;
    }

    /// <summary>The slot holding <paramref name="id"/>, or the empty slot where it would go.</summary>
    private int Find(ReadOnlySpan<char> id)
    {
        var mask = _ids.Length - 1;
        var slot = string.GetHashCode(id) & mask;
        while (_ids[slot] is { } held && !id.Equals(held, StringComparison.Ordinal))
        {
            slot = (slot + 1) & mask;
        }

        return slot;
    }

    private void Grow()
    {
        var ids = _ids;
        var positions = _positions;
        _ids = new string[ids.Length * 2];
        _positions = new int[ids.Length * 2];
        for (var i = 0; i < ids.Length; i++)
        {
            if (ids[i] is { } id)
            {
                var slot = Find(id);
                _ids[slot] = id;
                _positions[slot] = positions[i];
            }
        }
    }
}
