using Unmentoring.Participants;
using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Cli;

public sealed class ParticipantsCommandsTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_GoodFile_AddsActiveParticipantsWithImportConsent_ThenExportReadsBackTheSame(string provider)
    {
        await using var service = await ServiceHost.StartAsync(provider);
        var file = Write("people.csv",
            "email,name,organisation,role,phone,video,intro,cadence,notes\r\n" +
            "ada@camden.example,Ada Lovelace,Camden Council,Analyst,+44 20 7946 0000,,\"Likes data, and \"\"engines\"\"\",quarterly,ignored\r\n" +
            "grace@leeds.example,Grace Hopper,,,,Teams,\"Two\nlines\",,\r\n");

        var import = await Support.Cli.RunAsync(RoundCommandsTests.Settings(service), "participants", "import", file);
        var again = await Support.Cli.RunAsync(RoundCommandsTests.Settings(service), "participants", "import", file);
        var export = await Support.Cli.RunAsync(RoundCommandsTests.Settings(service), "participants", "export");

        Assert.Equal((0, ""), (import.ExitCode, import.Error.Replace("\r", "", StringComparison.Ordinal).Trim()));
        Assert.StartsWith("Imported 2 participants; 0 were already signed up.", import.Output, StringComparison.Ordinal);
        Assert.Contains("Imported 0 participants; 2 were already signed up.", again.Output, StringComparison.Ordinal);
        var ada = await service.Participants.FindByEmailAsync("ADA@camden.example");
        Assert.NotNull(ada);
        Assert.Equal((ParticipantStatus.Active, Cadence.Quarterly, "imported by an organiser"), (ada.Status, ada.Cadence, ada.ConsentBasis));
        Assert.Equal("Likes data, and \"engines\"", ada.Intro);
        Assert.NotNull(ada.ConsentAt);
        Assert.NotNull(ada.ConfirmedAt);
        var grace = await service.Participants.FindByEmailAsync("grace@leeds.example");
        Assert.Equal(("leeds.example", Cadence.Monthly, "Two\nlines"), (grace!.Organisation, grace.Cadence, grace.Intro));

        // The export is the import's format: importing it into an empty scheme gives the same people.
        await using var other = await ServiceHost.StartAsync(TestDatabase.Sqlite);
        var exported = Write("export.csv", export.Output);
        Assert.Equal(0, (await Support.Cli.RunAsync(RoundCommandsTests.Settings(other), "participants", "import", exported)).ExitCode);
        var copy = await other.Participants.FindByEmailAsync("ada@camden.example");
        Assert.Equal((ada.Name, ada.Organisation, ada.Role, ada.Phone, ada.Intro, ada.Cadence), (copy!.Name, copy.Organisation, copy.Role, copy.Phone, copy.Intro, copy.Cadence));
    }

    [Fact]
    public async Task Import_FileWithBadRows_ImportsNothingAndNamesEachLine()
    {
        await using var service = await ServiceHost.StartAsync(TestDatabase.Sqlite);
        var file = Write("list.csv",
            "email,name,cadence\n" +
            "good@one.example,Good Person,monthly\n" +
            "not-an-address,No At,monthly\n" +
            "weekly@two.example,Too Often,weekly\n" +
            ",Nobody,\n" +
            "GOOD@one.example,Same Again,\n");

        var result = await Support.Cli.RunAsync(RoundCommandsTests.Settings(service), "participants", "import", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            [
                "list.csv line 3: 'not-an-address' is not an email address (like name@example.org).",
                "list.csv line 4: the cadence 'weekly' must be monthly, 2-monthly or quarterly.",
                "list.csv line 5: the email is empty.",
                "list.csv line 6: the email address is also on line 2.",
                "4 rows have problems; nothing was imported. Fix them and run the command again.",
            ],
            result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Empty(await service.Participants.ListAsync());
    }

    [Theory]
    [InlineData("name,organisation\nAda,Camden\n", "people.csv line 1: the header must name the column email (it names name, organisation).")]
    [InlineData("", "people.csv line 1: the file is empty; it needs a header row naming its columns.")]
    [InlineData("email,name\n\"ada@x.example,Ada\n", "people.csv line 2: a quoted field is never closed; check for a missing \" on this row.")]
    public async Task Import_MalformedFile_NamesTheFileAndLine(string content, string message)
    {
        await using var service = await ServiceHost.StartAsync(TestDatabase.Sqlite);

        var result = await Support.Cli.RunAsync(RoundCommandsTests.Settings(service), "participants", "import", Write("people.csv", content));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([message, "Nothing was imported."], result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public async Task Import_ExcelCsvUtf8File_ReadsQuotedCommasLineBreaksAndAccents_AndSkipsEmptyRows()
    {
        await using var service = await ServiceHost.StartAsync(TestDatabase.Sqlite);
        var path = Path.Combine(Directory.CreateTempSubdirectory("unmentoring-csv-").FullName, "Book1.csv");
        await File.WriteAllTextAsync(path,
            "email,name,organisation,intro\r\n" +
            "zoe@leeds.example,Zoë Ørsted,\"Leeds City Council, Digital\",\"Line one\nline two\"\r\n" +
            ",,,\r\n" +
            ",,,\r\n",
            new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        var result = await Support.Cli.RunAsync(RoundCommandsTests.Settings(service), "participants", "import", path);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Imported 1 participants; 0 were already signed up.", result.Output, StringComparison.Ordinal);
        var zoe = await service.Participants.FindByEmailAsync("zoe@leeds.example");
        Assert.Equal(("Zoë Ørsted", "Leeds City Council, Digital", "Line one\nline two"), (zoe!.Name, zoe.Organisation, zoe.Intro));
    }

    [Fact]
    public async Task Import_FileInTheWindowsCodePage_ImportsNothingAndSaysHowToSaveIt()
    {
        await using var service = await ServiceHost.StartAsync(TestDatabase.Sqlite);
        var path = Path.Combine(Directory.CreateTempSubdirectory("unmentoring-csv-").FullName, "people.csv");
        await File.WriteAllBytesAsync(path, [.. "email,name\r\nzoe@leeds.example,Zo"u8, 0xEB, .. "\r\n"u8]);

        var result = await Support.Cli.RunAsync(RoundCommandsTests.Settings(service), "participants", "import", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            ["people.csv line 2: this line has characters that are not UTF-8 text; save the file as \"CSV UTF-8 (Comma delimited)\" and try again.", "Nothing was imported."],
            result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Empty(await service.Participants.ListAsync());
    }

    [Fact]
    public async Task Export_CellsASpreadsheetWouldRun_AreGuarded_AndImportBackUnchanged()
    {
        await using var service = await ServiceHost.StartAsync(TestDatabase.Sqlite);
        var file = Write("people.csv",
            "email,name,organisation,role,phone\n" +
            "ada@camden.example,\"=HYPERLINK(\"\"http://x.example\"\",\"\"Ada\"\")\",@Camden,-Lead,+44 20 7946 0000\n");
        Assert.Equal(0, (await Support.Cli.RunAsync(RoundCommandsTests.Settings(service), "participants", "import", file)).ExitCode);

        var export = await Support.Cli.RunAsync(RoundCommandsTests.Settings(service), "participants", "export");

        var row = export.Output.Split('\n')[1];
        Assert.Contains("'=HYPERLINK(", row, StringComparison.Ordinal);
        Assert.Contains("'@Camden", row, StringComparison.Ordinal);
        Assert.Contains("'-Lead", row, StringComparison.Ordinal);
        Assert.Contains("'+44 20 7946 0000", row, StringComparison.Ordinal);
        Assert.DoesNotContain(",=", row, StringComparison.Ordinal);
        await using var other = await ServiceHost.StartAsync(TestDatabase.Sqlite);
        Assert.Equal(0, (await Support.Cli.RunAsync(RoundCommandsTests.Settings(other), "participants", "import", Write("export.csv", export.Output))).ExitCode);
        var copy = await other.Participants.FindByEmailAsync("ada@camden.example");
        Assert.Equal(("=HYPERLINK(\"http://x.example\",\"Ada\")", "@Camden", "-Lead", "+44 20 7946 0000"), (copy!.Name, copy.Organisation, copy.Role, copy.Phone));
    }

    private static string Write(string name, string content)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("unmentoring-csv-").FullName, name);
        File.WriteAllText(path, content);
        return path;
    }
}
