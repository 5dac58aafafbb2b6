using System.Globalization;
using Unmentoring.Pairing;

namespace Unmentoring.Cli.Pair;

/// <summary>
/// Reads the participants, history and exclusions CSV files of <c>unmentoring pair</c>, collecting every
/// problem (file and line) rather than stopping at the first, so an organiser can fix a file in one go.
/// </summary>
internal sealed class PairInputFiles
{
    private readonly List<string> _problems;
    private readonly IdIndex _byId = new();

    public PairInputFiles(List<string> problems)
    {
        _problems = problems;
    }

    public List<PairingParticipant> Participants { get; } = [];

    public List<PastMeeting> History { get; } = [];

    public List<ExcludedPair> Exclusions { get; } = [];

    public int? HighestHistoryRound { get; private set; }

    public void ReadParticipants(string path)
    {
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        Read(path, ["id"], row =>
        {
            var id = row["id"];
            if (id is null)
            {
                Problem(path, row.Line, "the id is empty; every participant needs one.");
                return;
            }

            if (firstLine.TryGetValue(id, out var earlier))
            {
                Problem(path, row.Line, $"the id '{id}' is already used on line {earlier}; ids must be unique.");
                return;
            }

            int? lastSatOut = null;
            if (row["last_sat_out"] is { } text)
            {
                if (!TryRound(text, out var round))
                {
                    Problem(path, row.Line, $"last_sat_out must be a round number, not '{text}'.");
                    return;
                }

                lastSatOut = round;
            }

            firstLine[id] = row.Line;
            _byId.TryAdd(id, Participants.Count);
            Participants.Add(new PairingParticipant(id, row["organisation"], row["email"], lastSatOut));
        });
    }

    /// <summary>
    /// The fewest bytes a history row takes in its file ("1,a,b" and a line feed): a file holds at most its length
    /// divided by this many rows. <see cref="ReadHistory"/> makes room for them before reading, and
    /// <see cref="NoCollections"/> asks the runtime for that room.
    /// </summary>
    internal const int FewestBytesPerHistoryRow = 6;

    /// <summary>The most rows room is made for before reading; a longer history's list grows as it is read.</summary>
    private const int MostRowsAtOnce = 1 << 24;

    public void ReadHistory(string path)
    {
        // A long history is hundreds of thousands of rows: room for all of them at once, rather than the list
        // doubling its way there and copying each time. The room a file's longer rows leave over is never
        // written, so its pages are never touched.
        if (new FileInfo(path) is { Exists: true } file)
        {
            History.EnsureCapacity(History.Count + (int)Math.Min(MostRowsAtOnce, file.Length / FewestBytesPerHistoryRow));
        }

        ReadFields(path, ["round", "a", "b"], row =>
        {
            var text = row[0];
            var roundOk = int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var round);
            if (!roundOk)
            {
                Problem(path, row.Line, $"round must be a whole number, not '{text}'.");
            }

            if (Pair(path, row, "met") is { } pair && roundOk)
            {
                History.Add(new PastMeeting(pair.A, pair.B, round));
                HighestHistoryRound = Math.Max(HighestHistoryRound ?? int.MinValue, round);
            }
        });
    }

    public void ReadExclusions(string path) => ReadFields(path, ["a", "b"], row =>
    {
        if (Pair(path, row, "excluded from", first: 0) is { } pair)
        {
            Exclusions.Add(new ExcludedPair(pair.A, pair.B));
        }
    });

    /// <summary>The two participants named in columns a and b (at <paramref name="first"/> and the next), or null with a problem noted.</summary>
    private (int A, int B)? Pair(string path, CsvFields row, string relation, int first = 1)
    {
        var a = Known(path, row, first, "a");
        var b = Known(path, row, first + 1, "b");
        if (a is null || b is null)
        {
            return null;
        }

        if (a == b)
        {
            Problem(path, row.Line, $"'{row[first]}' cannot be {relation} themselves.");
            return null;
        }

        return (a.Value, b.Value);
    }

    private int? Known(string path, CsvFields row, int field, string column)
    {
        var id = row[field];
        if (id.IsEmpty)
        {
            Problem(path, row.Line, $"the {column} column is empty; give a participant id.");
            return null;
        }

        if (!_byId.TryGetValue(id, out var index))
        {
            Problem(path, row.Line, $"'{id}' in column {column} is not an id in the participants file.");
            return null;
        }

        return index;
    }

    /// <summary>Reads a file of many rows (history, exclusions) field by field, without a string per field.</summary>
    private void ReadFields(string path, string[] required, FieldsAction each)
    {
        if (!File.Exists(path))
        {
            _problems.Add($"{Path.GetFileName(path)}: the file does not exist (looked for {Path.GetFullPath(path)}).");
            return;
        }

        try
        {
            using var reader = CsvTable.OpenText(path);
            CsvTable.ReadFields(path, reader, required, each);
        }
        catch (CsvException ex)
        {
            _problems.Add(ex.Message);
        }
    }

    private void Read(string path, string[] required, Action<CsvRow> each)
    {
        if (!File.Exists(path))
        {
            _problems.Add($"{Path.GetFileName(path)}: the file does not exist (looked for {Path.GetFullPath(path)}).");
            return;
        }

        try
        {
            using var reader = CsvTable.OpenText(path);
            var (columns, rows) = CsvTable.Read(path, reader);
            CsvTable.Require(path, columns, required);
            foreach (var row in rows)
            {
                each(row);
            }
        }
        catch (CsvException ex)
        {
            _problems.Add(ex.Message);
        }
    }

    private void Problem(string path, int line, string problem) =>
        _problems.Add($"{Path.GetFileName(path)} line {line}: {problem}");

    private static bool TryRound(string? text, out int round) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out round);
}
