using System.Text.Json.Nodes;
using Unmentoring.Feedback;
using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Feedback;

/// <summary><c>feedback send</c> and the feedback in <c>round show --json</c>, through the command line.</summary>
public sealed class FeedbackCommandsTests
{
    [Fact]
    public async Task FeedbackSend_AsksNowThenNothingNew_AndRoundShowListsTheAnswers()
    {
        await using var scene = await FeedbackScene.StartAsync(TestDatabase.Sqlite);
        var people = await scene.AddPeopleAsync(2);
        var round = await scene.RunRoundAsync();
        var settings = scene.Service.Database.Settings;

        var first = await Support.Cli.RunAsync(settings, "feedback", "send");
        var again = await Support.Cli.RunAsync(settings, "feedback", "send", "--period", round.Period.ToString());
        Assert.Equal((0, $"Asked 2 people whether they met in the {round.Period} round; the emails are in the outbox."), (first.ExitCode, first.Output.Trim()));
        Assert.Equal((0, $"Everyone in the {round.Period} round had been asked already; nothing new was sent."), (again.ExitCode, again.Output.Trim()));

        await scene.Store.RecordAnswerAsync(round.Id, people[0].Id, FeedbackAnswer.CouldNotMeet, CouldNotMeetReason.Other, "Off sick", DateTime.UtcNow, default);
        var show = await Support.Cli.RunAsync(settings, "round", "show", round.Period.ToString(), "--json");
        var feedback = JsonNode.Parse(show.Output)!["feedback"]!.AsArray();
        Assert.Equal(
            [$"{people[0].Email} couldNotMeet other Off sick", $"{people[1].Email} none  "],
            feedback.Select(f => $"{f!["email"]} {f["answer"]} {f["reason"]} {f["note"]}").ToList());
    }
}
