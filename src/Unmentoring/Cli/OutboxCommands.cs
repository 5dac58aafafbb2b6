using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Unmentoring.Mail;

namespace Unmentoring.Cli;

/// <summary>The outbox for an operator: what is waiting, what went out, and what needs a person.</summary>
internal sealed class OutboxShowCommand : CliCommand
{
    private const int ProblemsShown = 200;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public override IReadOnlyList<string> Path => ["outbox", "show"];

    public override string Summary => "Count the emails in each state and list the failed and ambiguous ones with their reasons.";

    public override string Description => $"""
        Prints how many emails are queued, held (a round waiting for approval), sending, sent, retrying,
        failed, ambiguous and suppressed, then the newest {ProblemsShown} failed and ambiguous emails with
        the server's reply or what went wrong. An ambiguous email may have been delivered: it is never
        resent automatically (see docs/operations.md).
        """;

    private readonly Option<bool> _json = CliValues.Json();

    public override IReadOnlyList<Symbol> Parameters => [_json];

    public override async Task<int> RunAsync(ParseResult args, CliContext context, CancellationToken cancellationToken)
    {
        using var host = await CommandHost.OpenAsync(context, cancellationToken);
        var overview = await host.Get<OutboxReport>().ShowAsync(ProblemsShown, cancellationToken);
        if (args.GetValue(_json))
        {
            await context.Output.WriteLineAsync(JsonSerializer.Serialize(new { counts = overview.Counts, problems = overview.Problems }, Indented));
            return ExitCodes.Ok;
        }

        foreach (var state in OutboxReport.States)
        {
            await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{state,-11}{overview.Counts[state],10}"));
        }

        if (overview.Problems.Count > 0)
        {
            await context.Output.WriteLineAsync();
            await context.Output.WriteLineAsync("Failed and ambiguous (newest first):");
            foreach (var p in overview.Problems)
            {
                await context.Output.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"#{p.Id} {p.State} {p.Kind} to {p.Recipient ?? "(removed)"}, {p.Attempts} attempt(s), last {p.LastAttemptAt:yyyy-MM-dd HH:mm} UTC: {p.Reason}"));
            }
        }

        return ExitCodes.Ok;
    }
}
