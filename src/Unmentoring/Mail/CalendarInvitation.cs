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

    public static string Create(
        string uid,
        DateTimeOffset start,
        TimeSpan length,
        DateTimeOffset stamp,
        string summary,
        string description,
        PersonDetails organiser,
        IEnumerable<PersonDetails> attendees)
    {
        var lines = new List<string>
        {
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//LocalGov Digital//UnMentoring//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "BEGIN:VEVENT",
            "UID:" + EscapeText(uid),
            "DTSTAMP:" + Utc(stamp),
            "DTSTART:" + Utc(start),
            "DTEND:" + Utc(start + length),
            "SUMMARY:" + EscapeText(summary),
            "DESCRIPTION:" + EscapeText(description),
            "STATUS:TENTATIVE",
            "TRANSP:OPAQUE",
            $"ORGANIZER;CN={Parameter(organiser.Name)}:mailto:{organiser.Email}",
        };
        lines.AddRange(attendees.Select(a =>
            $"ATTENDEE;CN={Parameter(a.Name)};CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION:mailto:{a.Email}"));
        lines.Add("END:VEVENT");
        lines.Add("END:VCALENDAR");

        var output = new StringBuilder();
        foreach (var line in lines)
        {
            Fold(line, output);
        }

        return output.ToString();
    }

    /// <summary>TEXT values (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks are escaped.</summary>
    internal static string EscapeText(string text)
    {
        var output = new StringBuilder(text.Length);
        foreach (var c in text.ReplaceLineEndings("\n"))
        {
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
                case '\n':
                    output.Append(@"\n");
                    break;
                default:
                    if (!char.IsControl(c))
                    {
                        output.Append(c);
                    }

                    break;
            }
        }

        return output.ToString();
    }

    /// <summary>
    /// A parameter value is always quoted; a quoted value cannot hold a double quote or a control character
    /// (RFC 5545 3.1), so those are replaced rather than escaped.
    /// </summary>
    private static string Parameter(string value) =>
        "\"" + new string(value.Select(c => c == '"' ? '\'' : char.IsControl(c) ? ' ' : c).ToArray()) + "\"";

    private static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Lines longer than 75 octets continue on the next line after CRLF and one space (RFC 5545 3.1).</summary>
    internal static void Fold(string line, StringBuilder output)
    {
        var octets = 0;
        var limit = 75;
        for (var i = 0; i < line.Length; i++)
        {
            var width = char.IsHighSurrogate(line[i]) && i + 1 < line.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(line.AsSpan(i, width));
            if (octets + size > limit)
            {
                output.Append("\r\n ");
                octets = 0;

                // The leading space of a continuation line counts towards its 75 octets.
                limit = 74;
            }

            output.Append(line, i, width);
            octets += size;
            i += width - 1;
        }

        output.Append("\r\n");
    }
}
