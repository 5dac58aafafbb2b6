using System.Text;
using System.Text.Unicode;
using nietras.SeparatedValues;

namespace Unmentoring.Cli;

/// <summary>One data row of a CSV file: its fields by header name and the line it started on.</summary>
internal sealed class CsvRow(IReadOnlyDictionary<string, int> columns, string[] fields, int line)
{
    public int Line { get; } = line;

    /// <summary>The trimmed field under <paramref name="column"/>, or null when the file has no such column or it is empty.</summary>
    public string? this[string column] =>
        columns.TryGetValue(column, out var i) && i < fields.Length && fields[i].Trim() is { Length: > 0 } value ? SpreadsheetFormula.Unguard(value) : null;
}

/// <summary>
/// One row of <see cref="CsvTable.ReadFields"/>: field <c>i</c> is the i-th column asked for, trimmed, with a
/// spreadsheet guard taken off as <see cref="CsvRow"/> does, and empty when the row is shorter than the header.
/// </summary>
internal readonly ref struct CsvFields(SepReader.Row row, int[] columns)
{
    private readonly SepReader.Row _row = row;

    public int Line => _row.LineNumberFrom;

    public ReadOnlySpan<char> this[int i]
    {
        get
        {
            var column = columns[i];
            if (column >= _row.ColCount)
            {
                return default;
            }

            var field = _row[column].Span.Trim();
            return field is ['\'', ('=' or '+' or '-' or '@'), ..] ? field[1..] : field;
        }
    }
}

internal delegate void FieldsAction(CsvFields row);

/// <summary>A CSV problem that names the file and line, e.g. "people.csv line 7: ...".</summary>
internal sealed class CsvException(string file, int line, string problem) : Exception($"{Path.GetFileName(file)} line {line}: {problem}")
{
    public string File { get; } = file;

    public int Line { get; } = line;
}

/// <summary>
/// Reads CSV as spreadsheets write it, with Sep: a header row whose names are matched ignoring case and
/// surrounding spaces, commas, fields in double quotes that may hold commas, quotes ("") and line breaks,
/// CRLF, LF or CR line ends, rows of nothing but commas (Excel writes them below the data) skipped.
/// </summary>
internal static class CsvTable
{
    /// <summary>
    /// Opens a CSV file as UTF-8, skipping a byte-order mark (Excel's "CSV UTF-8" writes one). Bytes that are
    /// not UTF-8 (Excel's plain "CSV" is in the Windows code page) are reported by <see cref="Read"/>, not guessed at.
    /// </summary>
    public static StreamReader OpenText(string path) =>
        new(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false);

    public static (IReadOnlyDictionary<string, int> Columns, IEnumerable<CsvRow> Rows) Read(string path, TextReader reader)
    {
        SepReader sep;
        try
        {
            // Sep reads the first block of the file here, so a file that is not UTF-8 can fail already.
            sep = Sep.New(',').Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true }).From(reader, leaveOpen: true);
        }
        catch (DecoderFallbackException)
        {
            throw NotUtf8(path);
        }

        try
        {
            var header = NextFields(path, sep, out _) ?? throw new CsvException(path, 1, "the file is empty; it needs a header row naming its columns.");
            var columns = Columns(path, header);
            return (columns, Rest(path, sep, columns));
        }
        catch
        {
            sep.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads a file of many rows field by field without a string per field (the history of <c>pair</c> has
    /// hundreds of thousands): <paramref name="each"/> gets every row that holds anything, with the same
    /// header rules, line numbers and problems as <see cref="Read"/>. The columns passed to it are
    /// <paramref name="required"/>'s positions in the file, in that order.
    /// </summary>
    public static void ReadFields(string path, TextReader reader, string[] required, FieldsAction each)
    {
        SepReader sep;
        try
        {
            sep = Sep.New(',').Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true }).From(reader, leaveOpen: true);
        }
        catch (DecoderFallbackException)
        {
            throw NotUtf8(path);
        }

        using (sep)
        {
            var header = NextFields(path, sep, out _) ?? throw new CsvException(path, 1, "the file is empty; it needs a header row naming its columns.");
            var columns = Columns(path, header);
            Require(path, columns, required);
            var at = required.Select(c => columns[c]).ToArray();
            try
            {
                while (sep.MoveNext())
                {
                    var row = sep.Current;
                    if (row.Span.Count('"') % 2 == 1)
                    {
                        throw new CsvException(path, row.LineNumberFrom, "a quoted field is never closed; check for a missing \" on this row.");
                    }

                    var blank = true;
                    for (var i = 0; i < row.ColCount && blank; i++)
                    {
                        blank = row[i].Span.IsWhiteSpace();
                    }

                    if (!blank)
                    {
                        each(new CsvFields(row, at));
                    }
                }
            }
            catch (DecoderFallbackException)
            {
                throw NotUtf8(path);
            }
        }
    }

    /// <summary>Fails with the file and line 1 when the header lacks a required column.</summary>
    public static void Require(string path, IReadOnlyDictionary<string, int> columns, params string[] required)
    {
        var missing = required.Where(c => !columns.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            throw new CsvException(path, 1, $"the header must name the column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)} (it names {string.Join(", ", columns.Keys)}).");
        }
    }

    private static IEnumerable<CsvRow> Rest(string path, SepReader sep, IReadOnlyDictionary<string, int> columns)
    {
        using (sep)
        {
            while (NextFields(path, sep, out var line) is { } fields)
            {
                yield return new CsvRow(columns, fields, line);
            }
        }
    }

    private static Dictionary<string, int> Columns(string path, string[] header)
    {
        if (header is [var only] && only.Contains(';', StringComparison.Ordinal))
        {
            // Excel in a country that writes decimal commas separates columns with semicolons.
            throw new CsvException(path, 1, "the columns are separated by semicolons; save the file as CSV with commas (in Excel: \"CSV UTF-8 (Comma delimited)\").");
        }

        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Length; i++)
        {
            var name = header[i].Trim().TrimStart('\uFEFF');
            if (name.Length > 0 && !columns.TryAdd(name, i))
            {
                throw new CsvException(path, 1, $"the column '{name}' appears twice in the header.");
            }
        }

        return columns;
    }

    /// <summary>The fields of the next row that holds anything, and the line it starts on; null at the end.</summary>
    private static string[]? NextFields(string path, SepReader sep, out int line)
    {
        try
        {
            while (sep.MoveNext())
            {
                var row = sep.Current;
                line = row.LineNumberFrom;

                // Every quote that opens a field closes it, so a row that holds an odd number ran on to the end.
                if (row.Span.Count('"') % 2 == 1)
                {
                    throw new CsvException(path, line, "a quoted field is never closed; check for a missing \" on this row.");
                }

                var fields = new string[row.ColCount];
                var blank = true;
                for (var i = 0; i < fields.Length; i++)
                {
                    fields[i] = row[i].ToString();
                    blank &= string.IsNullOrWhiteSpace(fields[i]);
                }

                if (!blank)
                {
                    return fields;
                }
            }
        }
        catch (DecoderFallbackException)
        {
            throw NotUtf8(path);
        }

        line = 0;
        return null;
    }

    /// <summary>Names the line of the first byte that is not UTF-8; only read when the file has one.</summary>
    private static CsvException NotUtf8(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Utf8.ToUtf16(bytes, new char[bytes.Length], out var validBytes, out _, replaceInvalidSequences: false);
        var line = 1 + bytes.AsSpan(0, validBytes).Count((byte)'\n');
        return new CsvException(path, line, "this line has characters that are not UTF-8 text; save the file as \"CSV UTF-8 (Comma delimited)\" and try again.");
    }
}
