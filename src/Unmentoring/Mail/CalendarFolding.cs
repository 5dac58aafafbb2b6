using System.Text;

namespace Unmentoring.Mail;

/// <summary>
/// A repair for one flaw in Ical.Net 5.2.4 (ADR 0014): it folds long lines at 75 octets, but a character
/// outside the Basic Multilingual Plane (an emoji in a name) that falls on a fold is cut between its two
/// UTF-16 halves, and each half becomes a replacement character once the file is encoded as UTF-8. When
/// that happened, the affected lines are unfolded and folded again between whole characters. Files without
/// such a cut (nearly all) are returned as Ical.Net wrote them.
/// </summary>
internal static class CalendarFolding
{
    private const string Fold = "\r\n ";

    /// <summary>RFC 5545 3.1: a line is at most 75 octets, not counting its line break.</summary>
    private const int MaxOctets = 75;

    public static string KeepCharactersWhole(string calendar)
    {
        if (!HasCutCharacter(calendar))
        {
            return calendar;
        }

        var output = new StringBuilder(calendar.Length + 16);
        var lines = calendar.Replace(Fold, "", StringComparison.Ordinal).Split("\r\n");
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length > 0)
            {
                FoldLine(lines[i], output);
                output.Append("\r\n");
            }
        }

        return output.ToString();
    }

    private static bool HasCutCharacter(string calendar)
    {
        for (var at = calendar.IndexOf(Fold, StringComparison.Ordinal); at > 0; at = calendar.IndexOf(Fold, at + Fold.Length, StringComparison.Ordinal))
        {
            if (char.IsHighSurrogate(calendar[at - 1]))
            {
                return true;
            }
        }

        return false;
    }

    private static void FoldLine(string line, StringBuilder output)
    {
        var octets = 0;
        var limit = MaxOctets;
        var start = 0;
        var i = 0;
        while (i < line.Length)
        {
            var width = char.IsHighSurrogate(line[i]) && i + 1 < line.Length && char.IsLowSurrogate(line[i + 1]) ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(line.AsSpan(i, width));
            if (octets + size > limit)
            {
                output.Append(line, start, i - start).Append(Fold);
                start = i;
                octets = 0;

                // The space that opens a continuation line is one of its 75 octets.
                limit = MaxOctets - 1;
            }

            octets += size;
            i += width;
        }

        output.Append(line, start, line.Length - start);
    }
}
