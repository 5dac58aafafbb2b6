using System.Text;
using Unmentoring.Cli;

namespace Unmentoring.Tests.Cli;

/// <summary>CSV as spreadsheets write it, read through <see cref="CsvTable"/> from a file on disk.</summary>
public sealed class CsvTableTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("unmentoring-csv-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void QuotedField_HoldsCommasAndQuotes()
    {
        var rows = Read("id,intro\na,\"Housing, libraries and \"\"adult\"\" care\"\n");

        var row = Assert.Single(rows);
        Assert.Equal("Housing, libraries and \"adult\" care", row["intro"]);
        Assert.Equal(2, row.Line);
    }

    [Fact]
    public void QuotedField_HoldsLineBreaks_AndTheNextRowKeepsItsOwnLineNumber()
    {
        var rows = Read("id,intro\na,\"first line\nsecond line\r\nthird line\"\nb,short\n");

        Assert.Equal(["first line\nsecond line\r\nthird line", "short"], rows.Select(r => r["intro"]));
        Assert.Equal([2, 5], rows.Select(r => r.Line));
    }

    [Fact]
    public void ByteOrderMark_IsNotPartOfTheFirstColumnName()
    {
        var rows = Read("id,name\na,Ada\n", withBom: true);

        Assert.Equal(("a", "Ada"), (rows[0]["id"], rows[0]["name"]));
    }

    [Fact]
    public void ExcelCsvUtf8Export_CrlfAndRowsOfOnlyCommasBelowTheData_AreRead()
    {
        // What Excel's "CSV UTF-8 (Comma delimited)" writes: a BOM, CRLF, a line break inside a cell as LF in
        // quotes, and rows of empty cells where the sheet had formatting below the data.
        var rows = Read("id,name,intro\r\na,Zoë Ørsted,\"Likes, commas\nand lines\"\r\nb,Bo,\r\n,,\r\n,,\r\n", withBom: true);

        Assert.Equal(["a", "b"], rows.Select(r => r["id"]));
        Assert.Equal("Zoë Ørsted", rows[0]["name"]);
        Assert.Equal("Likes, commas\nand lines", rows[0]["intro"]);
        Assert.Equal([2, 4], rows.Select(r => r.Line));
    }

    [Fact]
    public void WindowsCodePageFile_IsRefusedWithTheLineAndHowToSaveIt()
    {
        // Excel's plain "CSV (Comma delimited)" writes Windows-1252: ë is the single byte 0xEB.
        var path = Path.Combine(_folder, "people.csv");
        File.WriteAllBytes(path, [.. "id,name\r\na,Ada\r\nb,Zo"u8, 0xEB, .. "\r\n"u8]);

        var problem = Assert.Throws<CsvException>(() => ReadFile(path));

        Assert.Equal("people.csv line 3: this line has characters that are not UTF-8 text; save the file as \"CSV UTF-8 (Comma delimited)\" and try again.", problem.Message);
    }

    [Fact]
    public void WindowsCodePageByte_FarIntoALongFile_IsFoundOnItsLine()
    {
        var path = Path.Combine(_folder, "people.csv");
        var start = Encoding.UTF8.GetBytes("id,name\n" + string.Concat(Enumerable.Range(0, 20_000).Select(i => $"p{i},Person {i}\n")));
        File.WriteAllBytes(path, [.. start, .. "late,Zo"u8, 0xEB, .. "\n"u8]);

        var problem = Assert.Throws<CsvException>(() => ReadFile(path));

        Assert.StartsWith("people.csv line 20002: this line has characters that are not UTF-8 text", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SemicolonSeparatedFile_SaysToSaveItWithCommas()
    {
        var problem = Assert.Throws<CsvException>(() => Read("id;name\na;Ada\n"));

        Assert.StartsWith("people.csv line 1: the columns are separated by semicolons", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HeaderNamingAColumnTwice_IsRefused()
    {
        var problem = Assert.Throws<CsvException>(() => Read("id, Name ,NAME\na,b,c\n"));

        Assert.Equal("people.csv line 1: the column 'NAME' appears twice in the header.", problem.Message);
    }

    [Fact]
    public void RowShorterThanTheHeader_ReadsTheMissingColumnsAsEmpty()
    {
        var rows = Read("id,organisation,email\na\nb,York\n");

        Assert.Equal([(string?)null, "York"], rows.Select(r => r["organisation"]));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x.example\")")]
    [InlineData("+44 20 7946 0000")]
    [InlineData("-1")]
    [InlineData("@SUM(A1)")]
    public void FormulaGuard_StopsASpreadsheetRunningTheCell_AndTheImportTakesItOff(string cell)
    {
        var guarded = SpreadsheetFormula.Guard(cell)!;

        Assert.StartsWith("'", guarded, StringComparison.Ordinal);
        Assert.Equal(cell, SpreadsheetFormula.Unguard(guarded));
    }

    [Theory]
    [InlineData("Ada")]
    [InlineData("O'Brien")]
    [InlineData("'quoted'")]
    public void FormulaGuard_LeavesOtherCellsAlone(string cell)
    {
        Assert.Equal(cell, SpreadsheetFormula.Guard(cell));
        Assert.Equal(cell, SpreadsheetFormula.Unguard(cell));
    }

    private List<CsvRow> Read(string text, bool withBom = false)
    {
        var path = Path.Combine(_folder, "people.csv");
        File.WriteAllText(path, text, new UTF8Encoding(withBom));
        return ReadFile(path);
    }

    private static List<CsvRow> ReadFile(string path)
    {
        using var reader = CsvTable.OpenText(path);
        var (_, rows) = CsvTable.Read(path, reader);
        return rows.ToList();
    }
}
