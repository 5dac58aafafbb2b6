using System.Buffers;
using System.Globalization;
using System.Text;

namespace Unmentoring.Mail;

/// <summary>
/// The .ics proposal attached to an introduction (RFC 5545): one 30-minute event with every member of the
/// group as an attendee. Written by hand because it is small: CRLF line endings, lines folded at 75
/// octets without splitting a UTF-8 character, text values escaped. Every member receives the same UID, so
/// a calendar that sees the invitation twice keeps one event.
/// </summary>
internal static class CalendarInvitation
{
    public const string FileName = "invitation.ics";

    /// <summary>PUBLISH, not REQUEST: the scheme proposes a time but is not the organiser people reply to.</summary>
    public const string ContentType = "text/calendar; charset=utf-8; method=PUBLISH";

    /// <summary>The lines before the UID; each is shorter than 75 octets, so none is folded.</summary>
    internal const string Opening =
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//LocalGov Digital//UnMentoring//EN\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nBEGIN:VEVENT\r\n";

    internal const string Status = "STATUS:TENTATIVE\r\nTRANSP:OPAQUE\r\n";

    internal const string Closing = "END:VEVENT\r\nEND:VCALENDAR\r\n";

    private const string AttendeeParameters = ";CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION:mailto:";

    /// <summary>A folded line of a TEXT property: <paramref name="name"/> (with its colon) and the escaped value.</summary>
    internal static void TextProperty(StringBuilder output, string name, ReadOnlySpan<char> value)
    {
        var line = new CharBuffer(stackalloc char[256]);
        line.Append(name);
        Escape(value, ref line);
        Fold(line.AsSpan(), output);
        line.Dispose();
    }

    /// <summary>A UTC date-time property, e.g. <c>DTSTART:20261201T100000Z</c>; never long enough to fold.</summary>
    internal static void TimeProperty(StringBuilder output, string name, DateTimeOffset time)
    {
        Span<char> text = stackalloc char[16];
        WriteUtc(time, text);
        output.Append(name).Append(text).Append("\r\n");
    }

    internal static void Organiser(StringBuilder output, PersonDetails organiser) =>
        PersonLine(output, "ORGANIZER;CN=", organiser, ":mailto:");

    internal static void Attendee(StringBuilder output, PersonDetails attendee) =>
        PersonLine(output, "ATTENDEE;CN=", attendee, AttendeeParameters);

    private static void PersonLine(StringBuilder output, string start, PersonDetails person, string middle)
    {
        var line = new CharBuffer(stackalloc char[256]);
        line.Append(start);
        Parameter(person.Name, ref line);
        line.Append(middle);
        line.Append(person.Email);
        Fold(line.AsSpan(), output);
        line.Dispose();
    }

    /// <summary>TEXT values (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks are escaped.</summary>
    internal static string EscapeText(string text)
    {
        var output = new CharBuffer(stackalloc char[256]);
        Escape(text, ref output);
        var escaped = output.AsSpan().ToString();
        output.Dispose();
        return escaped;
    }

    private static readonly SearchValues<char> Escaped = SearchValues.Create("\\;,\r\n\f\u0085\u2028\u2029");

    /// <summary>
    /// As <see cref="string.ReplaceLineEndings(string)"/> with "\n" and then escaping: every line break
    /// (CR, LF, CRLF, FF, NEL, LS, PS) becomes <c>\n</c>, other control characters are dropped.
    /// </summary>
    private static void Escape(ReadOnlySpan<char> text, ref CharBuffer output)
    {
        var i = 0;
        while (i < text.Length)
        {
            var rest = text[i..];
            var next = rest.IndexOfAny(Escaped);
            var plain = next < 0 ? rest : rest[..next];
            AppendWithoutControls(plain, ref output);
            if (next < 0)
            {
                break;
            }

            i += next;
            var c = text[i];
            switch (c)
            {
                case '\\':
                    output.Append(@"\\");
                    break;
                case ';':
                    output.Append(@"\;");
                    break;
                case ',':
                    output.Append(@"\,");
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    output.Append(@"\n");
                    i++;
                    break;
                default:
                    output.Append(@"\n");
                    break;
            }

            i++;
        }
    }

    private static void AppendWithoutControls(ReadOnlySpan<char> text, ref CharBuffer output)
    {
        if (text.IndexOfAnyInRange('\0', '\u001F') < 0 && text.IndexOfAnyInRange('\u007F', '\u009F') < 0)
        {
            output.Append(text);
            return;
        }

        foreach (var c in text)
        {
            if (!char.IsControl(c))
            {
                output.Append(c);
            }
        }
    }

    /// <summary>
    /// A parameter value is always quoted; a quoted value cannot hold a double quote or a control character
    /// (RFC 5545 3.1), so those are replaced rather than escaped.
    /// </summary>
    private static void Parameter(string value, ref CharBuffer output)
    {
        output.Append('"');
        foreach (var c in value)
        {
            output.Append(c == '"' ? '\'' : char.IsControl(c) ? ' ' : c);
        }

        output.Append('"');
    }

    /// <summary>yyyyMMdd'T'HHmmss'Z' in UTC, written digit by digit.</summary>
    internal static void WriteUtc(DateTimeOffset time, Span<char> into)
    {
        var utc = time.UtcDateTime;
        Digits(utc.Year, into[..4]);
        Digits(utc.Month, into[4..6]);
        Digits(utc.Day, into[6..8]);
        into[8] = 'T';
        Digits(utc.Hour, into[9..11]);
        Digits(utc.Minute, into[11..13]);
        Digits(utc.Second, into[13..15]);
        into[15] = 'Z';
    }

    private static void Digits(int value, Span<char> into)
    {
        for (var i = into.Length - 1; i >= 0; i--)
        {
            into[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }

    /// <summary>Lines longer than 75 octets continue on the next line after CRLF and one space (RFC 5545 3.1).</summary>
    internal static void Fold(string line, StringBuilder output) => Fold(line.AsSpan(), output);

    internal static void Fold(ReadOnlySpan<char> line, StringBuilder output)
    {
        var octets = 0;
        var limit = 75;
        var run = 0;
        for (var i = 0; i < line.Length; i++)
        {
            int width;
            int size;
            if (line[i] < 0x80)
            {
                width = 1;
                size = 1;
            }
            else
            {
                width = char.IsHighSurrogate(line[i]) && i + 1 < line.Length ? 2 : 1;
                size = Encoding.UTF8.GetByteCount(line.Slice(i, width));
            }

            if (octets + size > limit)
            {
                output.Append(line[run..i]).Append("\r\n ");
                run = i;
                octets = 0;

                // The leading space of a continuation line counts towards its 75 octets.
                limit = 74;
            }

            octets += size;
            i += width - 1;
        }

        output.Append(line[run..]).Append("\r\n");
    }
}

/// <summary>Characters gathered on the stack, moving to a pooled array if they outgrow it.</summary>
internal ref struct CharBuffer(Span<char> initial)
{
    private Span<char> _chars = initial;
    private char[]? _rented;
    private int _length;

    public readonly ReadOnlySpan<char> AsSpan() => _chars[.._length];

    public void Append(char c)
    {
        if (_length == _chars.Length)
        {
            Grow(1);
        }

        _chars[_length++] = c;
    }

    public void Append(scoped ReadOnlySpan<char> text)
    {
        if (_length + text.Length > _chars.Length)
        {
            Grow(text.Length);
        }

        text.CopyTo(_chars[_length..]);
        _length += text.Length;
    }

    public void Append(long value)
    {
        int written;
        while (!value.TryFormat(_chars[_length..], out written, default, CultureInfo.InvariantCulture))
        {
            Grow(20);
        }

        _length += written;
    }

    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<char>.Shared.Return(_rented);
            _rented = null;
        }
    }

    private void Grow(int more)
    {
        var bigger = ArrayPool<char>.Shared.Rent(Math.Max(_chars.Length * 2, _length + more));
        _chars[.._length].CopyTo(bigger);
        if (_rented is not null)
        {
            ArrayPool<char>.Shared.Return(_rented);
        }

        _rented = bigger;
        _chars = bigger;
    }
}
