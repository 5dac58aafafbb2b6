using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Unmentoring.Pairing;

// The seeded shuffle: people sorted by a seeded hash of their id, which is also what makes the plan
// independent of the order the caller listed them in.
internal sealed partial class PairingProblem
{
    /// <summary>
    /// Sorts people by a seeded hash of their id. A hash of the id (not the caller's order) makes the plan
    /// independent of input order; mixing in the seed makes the order a fresh shuffle for every seed; a
    /// 64-bit bijective mix means two ids tie only when their hashes collide, and then the ids decide.
    /// </summary>
    private void Order(IReadOnlyList<PairingParticipant> participants, ulong seed)
    {
        var n = Count;
        var state = seed;
        var salt1 = SeededRandom.SplitMix64(ref state);
        var salt2 = SeededRandom.SplitMix64(ref state);
        var keys = new ulong[n];
        var ids = new string[n];
        Ids = ids;
        for (var i = 0; i < n; i++)
        {
            var id = participants[i].Id ?? throw new ArgumentException($"Participant {i} has no id.", nameof(participants));
            ids[i] = id;
            keys[i] = SeededRandom.Mix64(SeededRandom.Mix64(HashId(id) ^ salt1) + salt2);
        }

        // Our own sort at every size: the runtime's generic sort over (ulong, int) is not precompiled in a
        // ReadyToRun image, and compiling it cost more than the sort in a fresh process.
        (keys, var order) = BucketSort(keys);
        ParticipantOf = order;

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
        var whole = MemoryMarshal.AsBytes(text.AsSpan());
        var bytes = whole;
        var hash = 0xCBF29CE484222325UL ^ (ulong)bytes.Length;
        while (bytes.Length >= 8)
        {
            hash = Step(hash, BinaryPrimitives.ReadUInt64LittleEndian(bytes));
            bytes = bytes[8..];
        }

        if (!bytes.IsEmpty && whole.Length >= 8)
        {
            // The tail, zero-padded: the last eight bytes read at once, shifted down past those already hashed.
            hash = Step(hash, BinaryPrimitives.ReadUInt64LittleEndian(whole[^8..]) >> (8 * (8 - bytes.Length)));
        }
        else if (!bytes.IsEmpty)
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
    /// Returns the keys sorted and, beside each, its index in <paramref name="keys"/>.
    /// </summary>
    internal static (ulong[] Keys, int[] Items) BucketSort(ulong[] keys)
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

        var sortedKeys = new ulong[n];
        var sortedItems = new int[n];
        var at = start.AsSpan(0, 1 << bits).ToArray();
        for (var i = 0; i < n; i++)
        {
            var to = at[(int)(keys[i] >> shift)]++;
            sortedKeys[to] = keys[i];
            sortedItems[to] = i;
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

        return (sortedKeys, sortedItems);
    }
}
