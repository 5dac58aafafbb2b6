using System.Text.Json;
using Unmentoring.Cli;
using Xunit;

namespace Unmentoring.Tests;

/// <summary><c>unmentoring pair</c>, run in-process on files in a temporary folder.</summary>
public sealed class PairCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("unmentoring-pair-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string File(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    private async Task<(int Code, string Output, string Error)> Run(params string[] words)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var context = new CliContext(output, error, new Dictionary<string, string?>(), TimeProvider.System);
        var code = await CliApp.RunParsedAsync(CliApp.Parse(["pair", .. words]), context, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    private string People() => File("people.csv", """
        id,organisation,email,last_sat_out,notes
        ann,Leeds,,,
        bob,,bob@york.gov.uk,3,ignored column
        cat,Bristol,,,
        dan,Leeds,,5,
        eve,,eve@hull.gov.uk,,
        """);

    [Fact]
    public async Task Pair_ValidFiles_WritesThePlanInTheDocumentedShape()
    {
        var people = People();
        var history = File("history.csv", "round,a,b\n7,ann,bob\n8,cat,dan\n8,cat,eve\n8,dan,eve\n");
        var exclusions = File("exclusions.csv", "a,b\nann,cat\n");
        var rules = File("rules.json", """{"repeatWindowRounds":12,"avoidSameOrganisation":true,"oddPolicy":"trio","relaxRepeats":true}""");
        var output = Path.Combine(_folder, "plan.json");

        var (code, printed, error) = await Run("--participants", people, "--history", history, "--exclusions", exclusions, "--rules", rules, "--seed", "42", "--output", output);

        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Contains("Planned round 9 with seed 42", printed, StringComparison.Ordinal);
        using var plan = JsonDocument.Parse(System.IO.File.ReadAllText(output));
        var root = plan.RootElement;
        Assert.Equal(["round", "seed", "groups", "satOut", "unmatched", "repeats", "stats"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(9, root.GetProperty("round").GetInt32());
        Assert.Equal(42UL, root.GetProperty("seed").GetUInt64());
        var grouped = root.GetProperty("groups").EnumerateArray().SelectMany(g => g.EnumerateArray().Select(m => m.GetString()!)).ToList();
        var leftOut = root.GetProperty("satOut").EnumerateArray().Concat(root.GetProperty("unmatched").EnumerateArray()).Select(p => p.GetProperty("id").GetString()!).ToList();
        Assert.Equal(["ann", "bob", "cat", "dan", "eve"], grouped.Concat(leftOut).Order(StringComparer.Ordinal));
        Assert.All(root.GetProperty("satOut").EnumerateArray(), p => Assert.False(string.IsNullOrEmpty(p.GetProperty("reason").GetString())));
        var stats = root.GetProperty("stats");
        Assert.Equal(5, stats.GetProperty("participants").GetInt32());
        Assert.Equal(grouped.Count, stats.GetProperty("matched").GetInt32());
        Assert.True(stats.GetProperty("elapsedMs").GetDouble() >= 0);

        // Ann and Dan share an organisation; Ann and Cat are excluded.
        var groups = root.GetProperty("groups").EnumerateArray().Select(g => g.EnumerateArray().Select(m => m.GetString()).ToList()).ToList();
        Assert.DoesNotContain(groups, g => g.Contains("ann") && (g.Contains("dan") || g.Contains("cat")));
    }

    [Fact]
    public async Task Pair_SameSeed_PrintsTheSamePlanApartFromTheTime()
    {
        var people = People();
        var first = await Run("--participants", people, "--seed", "7");
        var second = await Run("--participants", people, "--seed", "7");
        Assert.Equal(0, first.Code);
        static string WithoutTime(string json) => JsonDocument.Parse(json).RootElement.GetProperty("groups").GetRawText();
        Assert.Equal(WithoutTime(first.Output), WithoutTime(second.Output));
        Assert.Equal(1, JsonDocument.Parse(first.Output).RootElement.GetProperty("round").GetInt32());
    }

    [Fact]
    public async Task Pair_NoSeed_ReportsTheRandomSeedItUsed()
    {
        var (code, output, _) = await Run("--participants", People());
        Assert.Equal(0, code);
        var seed = JsonDocument.Parse(output).RootElement.GetProperty("seed").GetUInt64();
        Assert.True(seed < 1UL << 53);
        var replay = await Run("--participants", People(), "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(JsonDocument.Parse(output).RootElement.GetProperty("groups").GetRawText(), JsonDocument.Parse(replay.Output).RootElement.GetProperty("groups").GetRawText());
    }

    [Fact]
    public async Task Pair_RepeatNeeded_IsListedWithItsRound()
    {
        var people = File("two.csv", "id\nx\ny\n");
        var history = File("h.csv", "round,a,b\n10,x,y\n");
        var (code, output, _) = await Run("--participants", people, "--history", history, "--seed", "1");
        Assert.Equal(0, code);
        var repeat = Assert.Single(JsonDocument.Parse(output).RootElement.GetProperty("repeats").EnumerateArray());
        Assert.Equal(10, repeat.GetProperty("lastRound").GetInt32());
        Assert.Equal(11, JsonDocument.Parse(output).RootElement.GetProperty("round").GetInt32());
    }

    [Fact]
    public async Task Pair_BadInput_ExitsWithCode2_NamesEachFileAndLine_AndWritesNothing()
    {
        var people = File("people.csv", "id,organisation,last_sat_out\nann,Leeds,\nbob,York,soon\nann,Hull,\n,Bath,\ncat,Bristol,\n");
        var history = File("history.csv", "round,a,b\n3,ann,zed\nthree,ann,cat\n4,cat,cat\n");
        var exclusions = File("exclusions.csv", "a,b\ncat,cat\nann,nobody\n");
        var rules = File("rules.json", "{\n  \"repeatWindowRounds\": 6,\n  \"avoidSameOrg\": true,\n  \"oddPolicy\": \"pairs\"\n}");
        var output = Path.Combine(_folder, "plan.json");

        var (code, printed, error) = await Run("--participants", people, "--history", history, "--exclusions", exclusions, "--rules", rules, "--output", output);

        Assert.Equal(2, code);
        Assert.Empty(printed);
        Assert.False(System.IO.File.Exists(output));
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(
            [
                "people.csv line 3: last_sat_out must be a round number, not 'soon'.",
                "people.csv line 4: the id 'ann' is already used on line 2; ids must be unique.",
                "people.csv line 5: the id is empty; every participant needs one.",
                "history.csv line 2: 'zed' in column b is not an id in the participants file.",
                "history.csv line 3: round must be a whole number, not 'three'.",
                "history.csv line 4: 'cat' cannot be met themselves.",
                "exclusions.csv line 2: 'cat' cannot be excluded from themselves.",
                "exclusions.csv line 3: 'nobody' in column b is not an id in the participants file.",
                "rules.json line 3: 'avoidSameOrg' is not a rule; the rules are repeatWindowRounds, avoidSameOrganisation, oddPolicy, relaxRepeats.",
                "rules.json line 4: oddPolicy must be \"trio\" or \"sitOut\".",
            ],
            lines);
    }

    [Fact]
    public async Task Pair_HistoryAsASpreadsheetSavesIt_IsReadLikeEveryOtherCsv()
    {
        // Read field by field (no string per field): quoted ids with commas, guarded ids, spaces, a byte-order
        // mark, CRLF, Excel's rows of commas and columns in another order must read as the other files do.
        var people = File("people.csv", "id\n\"Smith, Ann\"\n'=bob\ncat\ndan\n");
        var history = File("history.csv", "\uFEFFA , Round,B,notes\r\n\"Smith, Ann\", 4 ,'=bob,x\r\n,,,\r\n cat ,5,dan\r\n\"\",\"\",\"\",\"\"\r\ncat,3,\"Smith, Ann\"\r\n");
        var (code, output, error) = await Run("--participants", people, "--history", history, "--seed", "3");

        // Ann has met bob and cat, and cat has met dan: only Ann with dan and bob with cat is new for everyone.
        Assert.True(code == 0, error);
        var plan = JsonDocument.Parse(output).RootElement;
        Assert.Equal(6, plan.GetProperty("round").GetInt32());
        var groups = plan.GetProperty("groups").EnumerateArray()
            .Select(g => string.Join(" + ", g.EnumerateArray().Select(m => m.GetString()).Order(StringComparer.Ordinal)))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(["=bob + cat", "Smith, Ann + dan"], groups);
        Assert.Empty(plan.GetProperty("repeats").EnumerateArray());
    }

    [Fact]
    public async Task Pair_HistoryProblems_NameTheLine()
    {
        var people = File("people.csv", "id\nann\nbob\n");
        var history = File("history.csv", "round,a,b\n1,ann\n2,,bob\n3,ann,\"bob\n");
        var (code, _, error) = await Run("--participants", people, "--history", history);

        Assert.Equal(2, code);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(
            [
                "history.csv line 2: the b column is empty; give a participant id.",
                "history.csv line 3: the a column is empty; give a participant id.",
                "history.csv line 4: a quoted field is never closed; check for a missing \" on this row.",
            ],
            lines);
    }

    [Fact]
    public async Task Pair_MissingColumnOrFile_IsReportedWithTheFileName()
    {
        var people = File("people.csv", "name\nann\n");
        var (code, _, error) = await Run("--participants", people, "--history", Path.Combine(_folder, "missing.csv"));
        Assert.Equal(2, code);
        Assert.Contains("people.csv line 1: the header must name the column id", error, StringComparison.Ordinal);
        Assert.Contains("missing.csv: the file does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pair_RulesThatAreNotJson_AreReportedWithTheLine()
    {
        var rules = File("rules.json", "{\n  \"relaxRepeats\": maybe\n}");
        var (code, _, error) = await Run("--participants", People(), "--rules", rules);
        Assert.Equal(2, code);
        Assert.StartsWith("rules.json line 2: this is not valid JSON", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pair_WithoutParticipants_IsAUsageError()
    {
        await Assert.ThrowsAsync<CliUsageException>(() => Run("--seed", "1"));
        await Assert.ThrowsAsync<CliUsageException>(() => Run("--participants", People(), "--seed", "-1"));
    }
}
