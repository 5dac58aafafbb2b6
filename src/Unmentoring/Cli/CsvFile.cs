using System.Text;

namespace Unmentoring.Cli;

/// <summary>One data row of a CSV file: its fields by header name and the line it started on.</summary>
internal sealed class CsvRow(IReadOnlyDictionary<string, int> columns, IReadOnlyList<string> fields, int line)
{
    public int Line { get; } = line;

    public IReadOnlyList<string> Fields { get; } = fields;

    /// <summary>The trimmed field under <paramref name="column"/>, or null when the file has no such column or it is empty.</summary>
    public string? this[string column] =>
        columns.TryGetValue(column, out var i) && i < Fields.Count && Fields[i].Trim() is { Length: > 0 } value ? CsvFile.Unguard(value) : null;
}

/// <summary>A CSV problem that names the file and line, e.g. "people.csv line 7: ...".</summary>
internal sealed class CsvException(string file, int line, string problem) : Exception($"{Path.GetFileName(file)} line {line}: {problem}")
{
    public string File { get; } = file;

    public int Line { get; } = line;
}

/// <summary>
/// Reads RFC 4180 CSV as spreadsheets write it: a header row, commas, fields in double quotes that may hold
/// commas, quotes ("") and line breaks, an optional byte-order mark, CRLF or LF line ends. Header names are
/// matched ignoring case and surrounding spaces.
/// </summary>
internal static class CsvFile
{
    public static (IReadOnlyDictionary<string, int> Columns, IEnumerable<CsvRow> Rows) Read(string path, TextReader reader)
    {
        var records = Records(path, reader).GetEnumerator();
        if (!records.MoveNext())
        {
            throw new CsvException(path, 1, "the file is empty; it needs a header row naming its columns.");
        }

        var header = records.Current.Fields;
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim();
            if (name.Length > 0 && !columns.TryAdd(name, i))
            {
                throw new CsvException(path, records.Current.Line, $"the column '{name}' appears twice in the header.");
            }
        }

        return (columns, Rest(records, columns));
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

    /// <summary>Quotes a field when it needs it, for writing CSV that reads back the same.</summary>
    public static string Quote(string? field)
    {
        if (string.IsNullOrEmpty(field))
        {
            return "";
        }

        // A leading =, +, - or @ makes spreadsheets run the field as a formula; a quote mark stops that.
        var safe = field.Length > 0 && field[0] is '=' or '+' or '-' or '@' ? "'" + field : field;
        return safe.IndexOfAny([',', '"', '\n', '\r']) >= 0 || safe != field ? "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : safe;
    }

    /// <summary>Undoes <see cref="Quote"/>'s guard: a ' before =, +, - or @ was added on export.</summary>
    public static string Unguard(string field) =>
        field.Length > 1 && field[0] == '\'' && field[1] is '=' or '+' or '-' or '@' ? field[1..] : field;

    private static IEnumerable<CsvRow> Rest(IEnumerator<(IReadOnlyList<string> Fields, int Line)> records, IReadOnlyDictionary<string, int> columns)
    {
        while (records.MoveNext())
        {
            var (fields, line) = records.Current;
            if (fields.Count == 1 && fields[0].Length == 0)
            {
                continue;
            }

            yield return new CsvRow(columns, fields, line);
        }
    }

    private static IEnumerable<(IReadOnlyList<string> Fields, int Line)> Records(string path, TextReader reader)
    {
        var line = 1;
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var startLine = 1;
        var first = true;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            if (first)
            {
                first = false;
                if (c == '\uFEFF')
                {
                    continue;
                }
            }

            if (quoted)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append((char)c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r' when reader.Peek() == '\n':
                    break;
                case '\r' or '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    yield return (fields, startLine);
                    fields = [];
                    line++;
                    startLine = line;
                    break;
                default:
                    field.Append((char)c);
                    break;
            }
        }

        if (quoted)
        {
            throw new CsvException(path, startLine, "a quoted field is never closed; check for a missing \" on this row.");
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return (fields, startLine);
        }
    }
}
