using System.Globalization;
using System.Text.Json;
using Unmentoring.Participants;
using Unmentoring.Rounds;
using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Reports;

/// <summary><c>unmentoring report</c> against the hand-computed <see cref="ReportScene"/>, as text, JSON and CSV.</summary>
public sealed class ReportCommandTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ReportJson_GivesTheHandComputedFigures(string provider)
    {
        await using var service = await ServiceHost.StartAsync(provider);
        await ReportScene.WriteAsync(service.Database.Database, service.Get<ParticipantStore>(), service.Get<RulesStore>());

        var result = await Support.Cli.RunAsync(service.Database.Settings, "report", "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        var json = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal("Europe/London", json.GetProperty("timeZone").GetString());
        Assert.Equal(ReportScene.Rounds, json.GetProperty("rounds").EnumerateArray().Select(RoundLine).ToArray());
        Assert.Equal(ReportScene.Months, json.GetProperty("months").EnumerateArray().Select(m => Line(m, "month", "signUps", "confirmations", "leavers", "signedUpAtEnd")).ToArray());
        var organisations = json.GetProperty("organisations");
        Assert.Equal(ReportScene.OrganisationsReached, organisations.GetProperty("reached").GetInt32());
        Assert.Equal(ReportScene.Organisations, organisations.GetProperty("byRound").EnumerateArray().Select(o => Line(o, "period", "inRound", "new", "reachedSoFar")).ToArray());
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ReportCsv_OneTablePerRun_TheSameFigures(string provider)
    {
        await using var service = await ServiceHost.StartAsync(provider);
        await ReportScene.WriteAsync(service.Database.Database, service.Get<ParticipantStore>(), service.Get<RulesStore>());
        var settings = service.Database.Settings;

        var rounds = await Support.Cli.RunAsync(settings, "report", "--csv");
        var months = await Support.Cli.RunAsync(settings, "report", "--csv", "--table", "months");
        var organisations = await Support.Cli.RunAsync(settings, "report", "--csv", "--table", "Organisations");

        Assert.Equal(0, rounds.ExitCode);
        var roundLines = Lines(rounds.Output);
        Assert.Equal(
            "period,roundNumber,status,eligible,paired,satOut,unmatched,paused,pausedForSilence,pausedByChoice,notDue,skipped,undeliverable,asked,answered,responseRate,"
            + "answeredMet,answeredNotYet,answeredCouldNotMeet,couldNotMeetNoReply,couldNotMeetNoTime,couldNotMeetCancelled,couldNotMeetNotRelevant,couldNotMeetOther,"
            + "groups,groupsAsked,groupsMet,groupsCouldNotMeet,groupsNotYet,groupsNoAnswer,meetingRate",
            roundLines[0]);
        Assert.Equal(
            [
                "2026-09,1,sent,8,6,1,1,0,0,0,0,0,0,6,4,0.6667,1,1,2,1,1,0,0,0,3,3,1,1,1,0,0.3333",
                "2026-10,2,sent,4,4,0,0,2,1,1,1,1,0,4,4,1,2,0,2,0,0,1,0,1,2,2,1,1,0,0,0.5",
                "2026-11,3,sent,5,5,0,0,2,1,1,0,0,1,1,0,0,0,0,0,0,0,0,0,0,2,1,0,0,0,1,",
            ],
            roundLines[1..]);
        Assert.Equal(0, months.ExitCode);
        Assert.Equal(["month,signUps,confirmations,leavers,signedUpAtEnd", .. ReportScene.Months.Select(m => m.Replace(' ', ','))], Lines(months.Output));
        Assert.Equal(0, organisations.ExitCode);
        Assert.Equal(["period,organisationsInRound,newOrganisations,organisationsReached", .. ReportScene.Organisations.Select(o => o.Replace(' ', ','))], Lines(organisations.Output));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ReportText_ReadableTables_WithRatesInPerCent(string provider)
    {
        await using var service = await ServiceHost.StartAsync(provider);
        await ReportScene.WriteAsync(service.Database.Database, service.Get<ParticipantStore>(), service.Get<RulesStore>());

        var result = await Support.Cli.RunAsync(service.Database.Settings, "report");

        Assert.Equal(0, result.ExitCode);
        var rows = Lines(result.Output).Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))).ToList();
        Assert.Contains("Round Eligible Paired Sat out Unmatched Paused Asked Answered Response Groups Met Couldn't Meeting", rows);
        Assert.Contains("2026-09 8 6 1 1 0 6 4 67% 3 1 1 33%", rows);
        Assert.Contains("2026-10 4 4 0 0 2 4 4 100% 2 1 1 50%", rows);
        Assert.Contains("2026-11 5 5 0 0 2 1 0 0% 2 0 0 -", rows);
        Assert.Contains("2026-10 1 1 0 0 1 0 1 1 1 0", rows);
        Assert.Contains("2026-11 0 0 2 7", rows);
        Assert.Contains("Organisations reached: 5", rows);
        Assert.Contains("2026-10 4 1 5", rows);
    }

    [Fact]
    public async Task Report_NoRounds_SaysSo_AndJsonHasEmptyLists()
    {
        await using var service = await ServiceHost.StartAsync(TestDatabase.Sqlite);

        var text = await Support.Cli.RunAsync(service.Database.Settings, "report");
        var json = await Support.Cli.RunAsync(service.Database.Settings, "report", "--json");
        var csv = await Support.Cli.RunAsync(service.Database.Settings, "report", "--csv");

        Assert.Equal(0, text.ExitCode);
        Assert.Contains("No rounds yet.", text.Output, StringComparison.Ordinal);
        Assert.Contains("Nobody has signed up yet.", text.Output, StringComparison.Ordinal);
        Assert.Contains("Organisations reached: 0", text.Output, StringComparison.Ordinal);
        var root = JsonDocument.Parse(json.Output).RootElement;
        Assert.Equal(0, root.GetProperty("rounds").GetArrayLength());
        Assert.Equal(0, root.GetProperty("months").GetArrayLength());
        Assert.Single(Lines(csv.Output));
    }

    [Fact]
    public async Task Report_BadOptions_ExitTwoAndSayWhatToFix()
    {
        await using var service = await ServiceHost.StartAsync(TestDatabase.Sqlite);
        var settings = service.Database.Settings;

        var both = await Support.Cli.RunAsync(settings, "report", "--json", "--csv");
        var tableAlone = await Support.Cli.RunAsync(settings, "report", "--table", "months");
        var unknownTable = await Support.Cli.RunAsync(settings, "report", "--csv", "--table", "people");
        var help = await Support.Cli.RunAsync(settings, "report", "--help");

        Assert.Equal((2, "Choose --json or --csv, not both. Run 'unmentoring report --help' for usage."), (both.ExitCode, both.Error.Trim()));
        Assert.Equal((2, "--table chooses the CSV table: give it with --csv. Run 'unmentoring report --help' for usage."), (tableAlone.ExitCode, tableAlone.Error.Trim()));
        Assert.Equal((2, "--table must be one of rounds, months, organisations, not 'people'. Run 'unmentoring report --help' for usage."), (unknownTable.ExitCode, unknownTable.Error.Trim()));
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("groups heard from", help.Output, StringComparison.Ordinal);
        Assert.Contains("--table", help.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void TableNames_NameEveryTableOnce_InTheEnumsOrder_AndEachIsAccepted()
    {
        var tables = Enum.GetValues<Unmentoring.Reports.ReportTable>();

        Assert.Equal(tables.Select(Unmentoring.Reports.SchemeReportCsv.Name), Unmentoring.Reports.SchemeReportCsv.Names);
        foreach (var table in tables)
        {
            Assert.True(Unmentoring.Reports.SchemeReportCsv.TryParse(Unmentoring.Reports.SchemeReportCsv.Name(table).ToUpperInvariant(), out var parsed));
            Assert.Equal(table, parsed);
        }
    }

    /// <summary>A round of the JSON in <see cref="ReportScene.Rounds"/>'s order of figures.</summary>
    private static string RoundLine(JsonElement r)
    {
        string Join(JsonElement e, params string[] names) => string.Join('/', names.Select(n => Figure(e.GetProperty(n))));
        return string.Join(
            ' ',
            r.GetProperty("period").GetString(),
            Figure(r.GetProperty("eligible")),
            Figure(r.GetProperty("paired")),
            Figure(r.GetProperty("satOut")),
            Figure(r.GetProperty("unmatched")),
            Join(r.GetProperty("paused"), "total", "forSilence", "byChoice"),
            Figure(r.GetProperty("notDue")),
            Figure(r.GetProperty("skipped")),
            Figure(r.GetProperty("undeliverable")),
            Figure(r.GetProperty("asked")),
            Figure(r.GetProperty("answered")),
            Figure(r.GetProperty("responseRate")),
            Join(r.GetProperty("answers"), "met", "notYet", "couldNotMeet"),
            Join(r.GetProperty("couldNotMeetByReason"), "noReply", "noTime", "cancelled", "notRelevant", "other"),
            Join(r.GetProperty("groups"), "total", "asked", "met", "couldNotMeet", "notYet", "noAnswer"),
            Figure(r.GetProperty("meetingRate")));
    }

    private static string Line(JsonElement e, params string[] names) => string.Join(' ', names.Select(n => Figure(e.GetProperty(n))));

    private static string Figure(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Null => "null",
        JsonValueKind.String => e.GetString()!,
        _ => e.GetDouble().ToString(CultureInfo.InvariantCulture),
    };

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
