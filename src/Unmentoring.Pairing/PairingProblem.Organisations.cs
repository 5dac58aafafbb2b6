namespace Unmentoring.Pairing;

// Organisation numbers and sit-out rounds, read in request order and then placed in vertex order.
internal sealed partial class PairingProblem
{
    /// <summary>
    /// Numbers organisations (case-insensitively, trimmed, from the email domain when blank) and reads the
    /// sit-out rounds, in request order: a pure function of the participants, so it can run beside
    /// <see cref="Order"/> on the other core. Numbers only ever meet in equality tests.
    /// </summary>
    internal static (int[] Organisation, int[] SitOutKey) ReadOrganisations(IReadOnlyList<PairingParticipant> participants)
    {
        var n = participants.Count;
        var organisation = new int[n];
        var sitOutKey = new int[n];
        var anyNamed = false;
        for (var i = 0; i < n && !anyNamed; i++)
        {
            anyNamed = !OrganisationName(participants[i]).IsEmpty;
        }

        if (!anyNamed)
        {
            // No organisation anywhere (a scheme without the rule's data): no dictionary to build or compile.
            for (var i = 0; i < n; i++)
            {
                sitOutKey[i] = participants[i].LastSatOutRound ?? int.MinValue;
                organisation[i] = -1;
            }

            return (organisation, sitOutKey);
        }

        // A run of people is hashed first, then looked up: the hashes are independent, so the reads of
        // their names overlap instead of waiting one after another.
        var numbering = new OrganisationNumbering(n);
        Span<ulong> hashes = stackalloc ulong[HashRun];
        for (var from = 0; from < n; from += HashRun)
        {
            var to = Math.Min(n, from + HashRun);
            for (var i = from; i < to; i++)
            {
                var person = participants[i];
                sitOutKey[i] = person.LastSatOutRound ?? int.MinValue;
                hashes[i - from] = OrganisationNumbering.Hash(OrganisationName(person));
            }

            for (var i = from; i < to; i++)
            {
                var name = OrganisationName(participants[i]);
                organisation[i] = name.IsEmpty ? -1 : numbering.NumberOf(name, hashes[i - from]);
            }
        }

        return (organisation, sitOutKey);
    }

    /// <summary>People hashed before their organisations are looked up (see <see cref="ReadOrganisations"/>).</summary>
    private const int HashRun = 32;

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

    /// <summary>
    /// Numbers names case-insensitively (<see cref="StringComparison.OrdinalIgnoreCase"/>). Names that are
    /// all ASCII, nearly all of them, go to a table of our own: a hash of the upper-cased characters four at
    /// a time, one probe of a flat array, then an ASCII comparison; no ASCII name equals any other name under
    /// that comparison (no character outside ASCII folds onto one inside it), so the rest can be numbered by
    /// the dictionary apart. The dictionary's lookups were most of the time of numbering a large pool.
    /// </summary>
    private sealed class OrganisationNumbering(int people)
    {
        // Per slot: the hash (0 = empty; hashes are forced odd) and the name's number.
        private ulong[] _hashes = new ulong[Capacity(Math.Min(people, 1 << 12))];
        private int[] _numbers = new int[Capacity(Math.Min(people, 1 << 12))];

        // Per number, a name with it (the first seen), to compare against.
        private readonly List<string> _names = [];
        private Dictionary<string, int>? _others;
        private int _used;

        /// <summary>The name's number; <paramref name="hash"/> is <see cref="Hash"/> of it.</summary>
        public int NumberOf(ReadOnlySpan<char> name, ulong hash)
        {
            if (hash == 0)
            {
                return NumberOfOther(name);
            }

            var mask = _hashes.Length - 1;
            for (var slot = (int)(hash >> 40) & mask; ; slot = (slot + 1) & mask)
            {
                var seen = _hashes[slot];
                if (seen == 0)
                {
                    var number = _names.Count;
                    _names.Add(name.ToString());
                    _hashes[slot] = hash;
                    _numbers[slot] = number;
                    if (++_used * 2 > _hashes.Length)
                    {
                        Grow();
                    }

                    return number;
                }

                if (seen == hash && System.Text.Ascii.EqualsIgnoreCase(name, _names[_numbers[slot]]))
                {
                    return _numbers[slot];
                }
            }
        }

        private int NumberOfOther(ReadOnlySpan<char> name)
        {
            _others ??= new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            var lookup = _others.GetAlternateLookup<ReadOnlySpan<char>>();
            if (!lookup.TryGetValue(name, out var number))
            {
                number = _names.Count;
                _names.Add(name.ToString());
                lookup[name] = number;
            }

            return number;
        }

        private void Grow()
        {
            var hashes = _hashes;
            var numbers = _numbers;
            _hashes = new ulong[hashes.Length * 2];
            _numbers = new int[hashes.Length * 2];
            var mask = _hashes.Length - 1;
            for (var i = 0; i < hashes.Length; i++)
            {
                if (hashes[i] == 0)
                {
                    continue;
                }

                var slot = (int)(hashes[i] >> 40) & mask;
                while (_hashes[slot] != 0)
                {
                    slot = (slot + 1) & mask;
                }

                _hashes[slot] = hashes[i];
                _numbers[slot] = numbers[i];
            }
        }

        /// <summary>A hash of the ASCII name upper-cased, four UTF-16 characters at a time; odd, so never 0; 0 for a name that is not all ASCII.</summary>
        public static ulong Hash(ReadOnlySpan<char> name)
        {
            if (!System.Text.Ascii.IsValid(name))
            {
                return 0;
            }

            var units = System.Runtime.InteropServices.MemoryMarshal.Cast<char, ulong>(name);
            var hash = 0x9E3779B97F4A7C15UL ^ (ulong)name.Length;
            foreach (var chunk in units)
            {
                hash = Step(hash, Upper(chunk));
            }

            var tail = name[(units.Length * 4)..];
            if (!tail.IsEmpty)
            {
                ulong chunk = 0;
                for (var i = 0; i < tail.Length; i++)
                {
                    chunk |= (ulong)tail[i] << (16 * i);
                }

                hash = Step(hash, Upper(chunk));
            }

            return SeededRandom.Mix64(hash) | 1;

            static ulong Step(ulong hash, ulong chunk) => ulong.RotateLeft((hash ^ chunk) * 0x9E3779B97F4A7C15UL, 31);
        }

        /// <summary>Four ASCII characters upper-cased at once: a lane holding 'a' to 'z' loses 0x20.</summary>
        private static ulong Upper(ulong four)
        {
            const ulong Lanes = 0x0001_0001_0001_0001UL;
            var fromA = four + ((0x80 - 'a') * Lanes);
            var pastZ = four + ((0x80 - 'z' - 1) * Lanes);
            var lower = fromA & ~pastZ & (0x80 * Lanes);
            return four - (lower >> 2);
        }

        private static int Capacity(int names) => (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, names * 2));
    }
}
