using System.Text.Json.Nodes;
using Unmentoring.Tests.Mail;
using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Cli;

public sealed class OutboxCommandTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task OutboxShow_CountsEveryStateAndNamesTheFailedAndAmbiguous(string provider)
    {
        await using var harness = await DispatchHarness.CreateAsync(provider);
        await using var server = await LoopbackSmtpServer.StartAsync();
        var people = await harness.QueueIntroductionsAsync(2, 2);
        server.Verdict = m => m.To.ToString().Contains(people[1].Email, StringComparison.Ordinal) ? SmtpVerdict.Refuse
            : m.To.ToString().Contains(people[2].Email, StringComparison.Ordinal) ? SmtpVerdict.DropAfterData
            : SmtpVerdict.Accept;
        await DispatchHarness.RunUntilIdleAsync(harness.Dispatch(DispatchHarness.Smtp(server)));

        var json = await Support.Cli.RunAsync(harness.Db.Settings, "outbox", "show", "--json");
        var text = await Support.Cli.RunAsync(harness.Db.Settings, "outbox", "show");

        Assert.Equal(0, json.ExitCode);
        var shown = JsonNode.Parse(json.Output)!;
        var counts = shown["counts"]!;
        Assert.Equal(2, (long)counts["sent"]!);
        Assert.Equal(1, (long)counts["failed"]!);
        Assert.Equal(1, (long)counts["ambiguous"]!);
        foreach (var state in new[] { "queued", "sending", "retrying", "suppressed" })
        {
            Assert.Equal(0, (long)counts[state]!);
        }

        var problems = shown["problems"]!.AsArray();
        Assert.Equal(["ambiguous", "failed"], problems.Select(p => (string)p!["state"]!).Order());
        Assert.Contains("550", (string)problems.Single(p => (string)p!["state"]! == "failed")!["reason"]!, StringComparison.Ordinal);
        Assert.Contains("may have been delivered", (string)problems.Single(p => (string)p!["state"]! == "ambiguous")!["reason"]!, StringComparison.Ordinal);

        Assert.Equal(0, text.ExitCode);
        Assert.Matches(@"(?m)^sent\s+2$", text.Output);
        Assert.Matches(@"(?m)^ambiguous\s+1$", text.Output);
        Assert.Contains(people[1].Email, text.Output, StringComparison.Ordinal);
    }
}
