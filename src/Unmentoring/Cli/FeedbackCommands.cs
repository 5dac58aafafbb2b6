using System.CommandLine;
using System.Text.Json.Nodes;
using Unmentoring.Feedback;
using Unmentoring.Rounds;

namespace Unmentoring.Cli;

/// <summary><c>feedback send</c>: ask "did you meet?" about a round now, whatever the date.</summary>
internal sealed class FeedbackSendCommand : CliCommand
{
    public override IReadOnlyList<string> Path => ["feedback", "send"];

    public override string Summary => "Ask everyone in a round's groups \"did you meet?\" now, whatever the date (harmless to repeat).";

    public override string Description => """
        Queues the "did you meet?" email for every member of the round's groups who has not been asked yet,
        at once, instead of waiting feedbackAfterDays after the introduction. Without --period it asks about
        the latest round. Nobody is asked twice about one round, whoever asked first (this command or the
        scheduler), so running it again sends nothing new. A round that is held for approval, or closed
        because a later round has been planned, is not asked about. The one reminder still follows
        feedbackReminderAfterDays later, sent by the scheduler.
        """;

    private readonly Option<Period?> _period = CliValues.PeriodOption("The round's month (default: the latest round).");

    public override IReadOnlyList<Symbol> Parameters => [_period];

    public override string UnexpectedArgument(string word) => $"Unexpected argument '{word}'; give the period with --period.";

    public override async Task<int> RunAsync(ParseResult args, CliContext context, CancellationToken cancellationToken)
    {
        using var host = await CommandHost.OpenAsync(context, cancellationToken);
        var (sent, refusal) = await host.Get<FeedbackRequests>().SendNowAsync(args.GetValue(_period), cancellationToken);
        if (sent is null)
        {
            await context.Error.WriteLineAsync(refusal);
            return ExitCodes.Failed;
        }

        await context.Output.WriteLineAsync(sent.Asked == 0
            ? $"Everyone in the {sent.Period} round had been asked already; nothing new was sent."
            : $"Asked {sent.Asked} {(sent.Asked == 1 ? "person" : "people")} whether they met in the {sent.Period} round; the emails are in the outbox.");
        return ExitCodes.Ok;
    }

    /// <summary><c>round show --json</c>'s <c>feedback</c>: everyone asked, with their answer (<c>none</c> if they gave none) and its reason.</summary>
    internal static JsonArray Json(IEnumerable<RoundFeedbackLine> lines) =>
        new(lines.Select(l =>
        {
            var item = new JsonObject { ["email"] = l.Email, ["answer"] = l.Answer, ["reason"] = l.Reason };
            if (l.Note is not null)
            {
                item["note"] = l.Note;
            }

            return (JsonNode)item;
        }).ToArray());
}
