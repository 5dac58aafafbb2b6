using System.Text.Json;
using Unmentoring.Rounds;
using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Cli;

public sealed class ExclusionsCommandsTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AddListRemove_TheWholeCycle_FromTheCommandLine_Audited(string provider)
    {
        await using var service = await ServiceHost.StartAsync(provider);
        var people = await service.AddPeopleAsync(3);
        var settings = RoundCommandsTests.Settings(service);

        var add = await Support.Cli.RunAsync(settings, "exclusions", "add", "PERSON0@org0.example", "person1@org1.example", "--reason", "Line manager", "--by", "ada");
        var again = await Support.Cli.RunAsync(settings, "exclusions", "add", "person1@org1.example", "person0@org0.example");
        var list = await Support.Cli.RunAsync(settings, "exclusions", "list");
        var json = await Support.Cli.RunAsync(settings, "exclusions", "list", "--json");
        var remove = await Support.Cli.RunAsync(settings, "exclusions", "remove", "person1@org1.example", "person0@org0.example", "--by", "ada");
        var removeAgain = await Support.Cli.RunAsync(settings, "exclusions", "remove", "person0@org0.example", "person1@org1.example");
        var after = await Support.Cli.RunAsync(settings, "exclusions", "list");

        Assert.Equal((0, "person0@org0.example and person1@org1.example will never be paired."), (add.ExitCode, add.Output.Trim()));
        Assert.Equal((0, "person1@org1.example and person0@org0.example were already never paired; nothing changed."), (again.ExitCode, again.Output.Trim()));
        var line = Assert.Single(list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)).TrimEnd('\r').Split('\t');
        Assert.Equal(["person0@org0.example", "person1@org1.example", "Line manager", "ada"], line[..4]);
        var entry = Assert.Single(JsonDocument.Parse(json.Output).RootElement.EnumerateArray());
        Assert.Equal("person0@org0.example", entry.GetProperty("first").GetProperty("email").GetString());
        Assert.Equal("person1@org1.example", entry.GetProperty("second").GetProperty("email").GetString());
        Assert.Equal("Line manager", entry.GetProperty("reason").GetString());
        Assert.Equal("ada", entry.GetProperty("addedBy").GetString());
        Assert.Equal((0, "person1@org1.example and person0@org0.example may be paired again."), (remove.ExitCode, remove.Output.Trim()));
        Assert.Equal(2, removeAgain.ExitCode);
        Assert.Contains("are not excluded", removeAgain.Error, StringComparison.Ordinal);
        Assert.Equal("", after.Output);
        Assert.Contains("No exclusions", after.Error, StringComparison.Ordinal);
        Assert.Empty(await service.Get<RoundHistory>().ExclusionsAsync());

        await using var connection = await service.Database.Database.OpenAsync();
        var audited = await Unmentoring.Storage.Sql.ScalarAsync<long>(connection, "SELECT count(*) FROM audit_log WHERE actor = 'ada' AND action IN ('exclusion.added', 'exclusion.removed')", null, default);
        Assert.Equal(2, audited);
        Assert.Equal(3, people.Count);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Add_ThePairIsHonouredByTheNextRound(string provider)
    {
        await using var service = await ServiceHost.StartAsync(provider);
        await service.AddPeopleAsync(2);

        var add = await Support.Cli.RunAsync(RoundCommandsTests.Settings(service), "exclusions", "add", "person0@org0.example", "person1@org1.example");
        var plan = await service.Rounds.RunAsync(Period.Parse("2026-12"));

        Assert.Equal(0, add.ExitCode);
        Assert.True(plan.Created);
        Assert.Empty(plan.Round.Groups);
    }

    [Theory]
    [InlineData("exclusions add", "exclusions add needs two email addresses")]
    [InlineData("exclusions add person0@org0.example", "exclusions add needs two email addresses")]
    [InlineData("exclusions add person0@org0.example nobody@example.org", "Nobody has the email address 'nobody@example.org'")]
    [InlineData("exclusions add person0@org0.example PERSON0@ORG0.EXAMPLE", "an exclusion needs two different people")]
    [InlineData("exclusions add person0@org0.example person1@org1.example third@example.org", "exclusions add takes two email addresses, but was also given 'third@example.org'.")]
    [InlineData("exclusions remove person0@org0.example", "exclusions remove needs two email addresses")]
    [InlineData("exclusions list extra", "exclusions list takes no arguments")]
    public async Task BadInput_ExitsTwoWithAMessageThatSaysWhatToFix(string words, string message)
    {
        await using var service = await ServiceHost.StartAsync(TestDatabase.Sqlite);
        await service.AddPeopleAsync(2);

        var result = await Support.Cli.RunAsync(RoundCommandsTests.Settings(service), words.Split(' '));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Empty(await service.Get<RoundHistory>().ExclusionsAsync());
    }
}
