using System.Runtime.CompilerServices;

namespace Unmentoring.Pairing;

// The question asked millions of times per plan, by the greedy pass and the chain: may u and v meet now?
internal sealed partial class PairingProblem
{
    /// <summary>The no-repeats test, with the arrays it reads held together; built once the store is.</summary>
    public NoRepeatsTest NoRepeatsRule { get; private set; }

    /// <summary>
    /// Whether two people may meet with no repeat inside the window, no exclusion and, under the rule, not
    /// from the same organisation: <see cref="Compatible"/> under <see cref="NoRepeats"/>, which asks it.
    /// A struct of the arrays (not the problem) so that a hot loop keeps them in registers.
    /// </summary>
    internal readonly struct NoRepeatsTest
    {
        private readonly int[]? _organisation;
        private readonly ulong[]? _bits;
        private readonly int _words;
        private readonly ulong[] _signature;
        private readonly int[] _rowStart;
        private readonly int[] _rows;
        // All ones with half rows, else zero: the pair is put earlier first with masks, not a branch (the
        // chain's pairs are random, so a branch on which comes first would be mispredicted half the time).
        private readonly int _halfRowsMask;

        public NoRepeatsTest(PairingProblem problem)
        {
            _organisation = problem.AvoidSameOrganisation ? problem.Organisation : null;
            _bits = problem._bits;
            _words = problem._words;
            _signature = problem._rowSignature;
            _rowStart = problem.RowStart;
            _rows = problem.Rows;
            _halfRowsMask = problem._halfRows ? -1 : 0;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Compatible(int u, int v)
        {
            if (_organisation is { } organisation)
            {
                var ou = organisation[u];
                if (ou >= 0 && ou == organisation[v])
                {
                    return false;
                }
            }

            if (_bits is { } bits)
            {
                return (bits[((long)u * _words) + (v >> 6)] & (1UL << v)) == 0;
            }

            // With half rows the earlier person's row is read. A clear bit in the row's signature proves the
            // partner is not in it with one load.
            var swap = (u ^ v) & ((v - u) >> 31) & _halfRowsMask;
            var row = u ^ swap;
            var partner = v ^ swap;
            return (_signature[row] & (1UL << partner)) == 0 || !InRow(row, partner);
        }

        private bool InRow(int u, int v)
        {
            var start = _rowStart[u];
            var end = _rowStart[u + 1];
            var rows = _rows;
            if (end - start <= LinearRowLimit)
            {
                for (var i = start; i < end; i++)
                {
                    if (rows[i] == v)
                    {
                        return true;
                    }
                }

                return false;
            }

            var at = LowerBound(rows, start, end, v);
            return at < end && rows[at] == v;
        }
    }
}
