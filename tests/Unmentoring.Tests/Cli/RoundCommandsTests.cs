using System.Text.Json;
using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Cli;

public sealed class RoundCommandsTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task PreviewRunShowReplay_TheWholeCycle_FromTheCommandLine(string provider)
    {
        await using var service = await ServiceHost.StartAsync(provider);
        await service.AddPeopleAsync(9);
        var settings = Settings(service);

        var preview = await Support.Cli.RunAsync(settings, "round", "preview", "--period", "2026-12", "--json");
        await using (var connection = await service.Database.Database.OpenAsync())
        {
            Assert.Equal(0, await Unmentoring.Storage.Sql.ScalarAsync<long>(connection, "SELECT count(*) FROM rounds", null, default));
        }

        var run = await Support.Cli.RunAsync(settings, "round", "run", "--period", "2026-12", "--json");
        var again = await Support.Cli.RunAsync(settings, "round", "run", "--period", "2026-12");
        var show = await Support.Cli.RunAsync(settings, "round", "show", "2026-12", "--json");
        var text = await Support.Cli.RunAsync(settings, "round", "show", "2026-12");
        var replay = await Support.Cli.RunAsync(settings, "round", "replay", "2026-12");

        Assert.Equal(0, preview.ExitCode);
        var plan = JsonDocument.Parse(preview.Output).RootElement;
        Assert.Equal("2026-12", plan.GetProperty("period").GetString());
        Assert.Equal(4, plan.GetProperty("groups").GetArrayLength());
        Assert.Equal(9, plan.GetProperty("outcomes").GetArrayLength());
        Assert.All(plan.GetProperty("outcomes").EnumerateArray(), o => Assert.EndsWith(".example", o.GetProperty("email").GetString(), StringComparison.Ordinal));
        Assert.Equal(9, plan.GetProperty("stats").GetProperty("matched").GetInt32());

        Assert.Equal(0, run.ExitCode);
        var created = JsonDocument.Parse(run.Output).RootElement;
        Assert.True(created.GetProperty("created").GetBoolean());
        Assert.Equal(9, created.GetProperty("emailsQueued").GetInt32());
        Assert.Equal(0, again.ExitCode);
        Assert.StartsWith("The 2026-12 round already exists; nothing was changed.", again.Output, StringComparison.Ordinal);

        var shown = JsonDocument.Parse(show.Output).RootElement;
        Assert.Equal(created.GetProperty("seed").GetUInt64(), shown.GetProperty("seed").GetUInt64());
        Assert.Equal(1, shown.GetProperty("rulesVersion").GetInt32());
        Assert.All(shown.GetProperty("outcomes").EnumerateArray(), o =>
        {
            Assert.Equal("paired", o.GetProperty("outcome").GetString());
            Assert.False(string.IsNullOrWhiteSpace(o.GetProperty("reason").GetString()));
        });
        Assert.Contains("Groups (4; the first named arranges the call):", text.Output, StringComparison.Ordinal);
        Assert.Equal(0, replay.ExitCode);
        Assert.StartsWith("The 2026-12 round replays identically", replay.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Round_BadInput_ExitsTwoWithAMessageThatSaysWhatToFix()
    {
        await using var service = await ServiceHost.StartAsync(TestDatabase.Sqlite);
        var settings = Settings(service);

        var badPeriod = await Support.Cli.RunAsync(settings, "round", "run", "--period", "December");
        var missing = await Support.Cli.RunAsync(settings, "round", "show");
        var unknown = await Support.Cli.RunAsync(settings, "round", "show", "2030-01");
        var badSeed = await Support.Cli.RunAsync(settings, "round", "preview", "--seed", "-4");
        var noVerb = await Support.Cli.RunAsync(settings, "round");

        Assert.Equal((2, "'December' is not a period: write the year and month as yyyy-MM, for example 2026-12. Run 'unmentoring round run --help' for usage."), (badPeriod.ExitCode, badPeriod.Error.Trim()));
        Assert.Equal((2, "round show needs the period, e.g. 'unmentoring round show 2026-12'. Run 'unmentoring round show --help' for usage."), (missing.ExitCode, missing.Error.Trim()));
        Assert.Equal((2, "There is no round for 2030-01."), (unknown.ExitCode, unknown.Error.Trim()));
        Assert.Equal(2, badSeed.ExitCode);
        Assert.Contains("--seed must be a whole number", badSeed.Error, StringComparison.Ordinal);
        Assert.Equal(2, noVerb.ExitCode);
        Assert.Contains("round approve", noVerb.Error, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RulesSet_ValidChanges_NewVersion_BadChange_NothingChanged(string provider)
    {
        await using var service = await ServiceHost.StartAsync(provider);
        var settings = Settings(service);

        var set = await Support.Cli.RunAsync(settings, "rules", "set", "repeatWindowRounds=6", "oddPolicy=sitOut", "--by", "ana@example.org");
        var bad = await Support.Cli.RunAsync(settings, "rules", "set", "requireApproval=true", "oddPolicy=pairs", "colour=red");
        var show = await Support.Cli.RunAsync(settings, "rules", "show");

        Assert.Equal(0, set.ExitCode);
        Assert.StartsWith("Rules version 2, set by ana@example.org", set.Output, StringComparison.Ordinal);
        Assert.Equal(2, bad.ExitCode);
        Assert.Equal(
            ["oddPolicy must be trio or sitOut, not 'pairs'.", "There is no rule called 'colour'. The rules are: repeatWindowRounds, avoidSameOrganisation, oddPolicy, relaxRepeats, scheduleCron, timeZone, requireApproval, feedbackAfterDays, feedbackReminderAfterDays, autoPauseAfterSilentRounds.", "Nothing was changed."],
            bad.Error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("repeatWindowRounds = 6", show.Output, StringComparison.Ordinal);
        Assert.Contains("requireApproval = false", show.Output, StringComparison.Ordinal);
        Assert.StartsWith("Rules version 2", show.Output, StringComparison.Ordinal);
    }

    internal static Dictionary<string, string?> Settings(ServiceHost service)
    {
        var settings = service.Database.Settings;
        settings["Unmentoring:PublicBaseUrl"] = "https://unmentoring.example.org";
        return settings;
    }
}
