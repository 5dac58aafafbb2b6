using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Cli;

public sealed class OrganisersCommandsTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AddListRemove_TheWholeCycle_FromTheCommandLine(string provider)
    {
        await using var service = await ServiceHost.StartAsync(provider);
        var settings = RoundCommandsTests.Settings(service);

        var add = await Support.Cli.RunAsync(settings, "organisers", "add", "Ada@Council.example.gov.uk", "--name", "Ada Lovelace");
        var viewer = await Support.Cli.RunAsync(settings, "organisers", "add", "bob@council.example.gov.uk", "--role", "viewer");
        var list = await Support.Cli.RunAsync(settings, "organisers", "list");
        var remove = await Support.Cli.RunAsync(settings, "organisers", "remove", "bob@council.example.gov.uk");
        var again = await Support.Cli.RunAsync(settings, "organisers", "remove", "bob@council.example.gov.uk");
        var after = await Support.Cli.RunAsync(settings, "organisers", "list");

        Assert.Equal(0, add.ExitCode);
        Assert.StartsWith("Added ada@council.example.gov.uk as organiser.", add.Output, StringComparison.Ordinal);
        Assert.Equal(0, viewer.ExitCode);
        Assert.Equal(
            ["ada@council.example.gov.uk\torganiser\tAda Lovelace", "bob@council.example.gov.uk\tviewer\t"],
            list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')));
        Assert.Equal(0, remove.ExitCode);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("is not on the organisers' list", again.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("bob@", after.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("organisers add", "organisers add needs one email address")]
    [InlineData("organisers add not-an-address", "'not-an-address' is not an email address")]
    [InlineData("organisers add ada@example.org --role boss", "The option --role must be organiser or viewer, not 'boss'.")]
    public async Task Add_BadInput_ExitsTwoWithAMessageThatSaysWhatToFix(string words, string message)
    {
        await using var service = await ServiceHost.StartAsync(TestDatabase.Sqlite);

        var result = await Support.Cli.RunAsync(RoundCommandsTests.Settings(service), words.Split(' '));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }
}
