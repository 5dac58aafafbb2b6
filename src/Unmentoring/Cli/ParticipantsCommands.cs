using System.CommandLine;
using Unmentoring.Participants;

namespace Unmentoring.Cli;

internal sealed class ParticipantsImportCommand : CliCommand
{
    public override IReadOnlyList<string> Path => ["participants", "import"];

    public override string Summary => "Import an existing list of participants from CSV.";

    public override string Description => """
        For organisers moving an existing list. The file has a header row; the columns email and name are
        required; organisation (default: the email's domain), role, phone, video, intro (up to 500
        characters) and cadence (monthly, 2-monthly or quarterly; default monthly) are optional, and
        other columns are ignored. Imported people are active, with the consent basis "imported by an
        organiser" and today's date: only import people who agreed to take part.

        Every row is checked first. If any row is wrong nothing is imported, and each problem is listed
        with its line: fix the file and run the command again. People already signed up are left as they
        are, so running it twice is harmless.
        """;

    public override string Epilogue => "Exit codes: 0 imported, 2 the file has problems (nothing imported).";

    private readonly Argument<string> _file = new("FILE.csv")
    {
        Description = "The list to import.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public override IReadOnlyList<Symbol> Parameters => [_file];

    private const string NeedsOneFile = "participants import needs one CSV file, e.g. 'unmentoring participants import people.csv'.";

    public override string UnexpectedArgument(string word) => NeedsOneFile;

    public override async Task<int> RunAsync(ParseResult args, CliContext context, CancellationToken cancellationToken)
    {
        var path = args.GetValue(_file) ?? throw new CliUsageException(NeedsOneFile);
        if (!File.Exists(path))
        {
            throw new CliUsageException($"There is no file '{path}'.");
        }

        using var host = await CommandHost.OpenAsync(context, cancellationToken);
        using var reader = CsvTable.OpenText(path);
        var progress = new Progress<int>(rows => context.Error.Write($"\r{rows:N0} rows done..."));
        ParticipantImport.Report report;
        try
        {
            report = await host.Get<ParticipantImport>().ImportAsync(path, reader, "cli:" + Environment.UserName, progress, cancellationToken);
        }
        catch (CsvException ex)
        {
            await context.Error.WriteLineAsync(ex.Message);
            await context.Error.WriteLineAsync("Nothing was imported.");
            return ExitCodes.BadInput;
        }

        if (report.Rejected.Count > 0)
        {
            foreach (var line in report.Rejected)
            {
                await context.Error.WriteLineAsync(line);
            }

            await context.Error.WriteLineAsync($"{report.Rejected.Count} rows have problems; nothing was imported. Fix them and run the command again.");
            return ExitCodes.BadInput;
        }

        foreach (var line in report.AlreadySignedUp)
        {
            await context.Output.WriteLineAsync(line);
        }

        await context.Output.WriteLineAsync($"Imported {report.Added} participants; {report.AlreadySignedUp.Count} were already signed up.");
        return ExitCodes.Ok;
    }
}

internal sealed class ParticipantsExportCommand : CliCommand
{
    public override IReadOnlyList<string> Path => ["participants", "export"];

    public override string Summary => "Export everyone taking part as CSV (the import's columns).";

    public override string Description => """
        Writes everyone taking part (active or paused) with the columns email, name, organisation, role,
        phone, video, intro and cadence: the same CSV 'participants import' reads. People who left or
        asked for their data to be erased are not included. The file holds personal data: keep it safe.
        """;

    private readonly Option<string> _output = new("--output")
    {
        HelpName = "FILE.csv",
        Description = "Write to this file instead of standard output.",
    };

    public override IReadOnlyList<Symbol> Parameters => [_output];

    public override string UnexpectedArgument(string word) => $"Unexpected argument '{word}'; give the file with --output.";

    public override async Task<int> RunAsync(ParseResult args, CliContext context, CancellationToken cancellationToken)
    {
        using var host = await CommandHost.OpenAsync(context, cancellationToken);
        var export = host.Get<ParticipantImport>();
        if (args.GetValue(_output) is { } file)
        {
            int count;
            await using (var writer = new StreamWriter(file))
            {
                count = await export.ExportAsync(writer, cancellationToken);
            }

            await context.Error.WriteLineAsync($"Exported {count} participants to {file}.");
        }
        else
        {
            await export.ExportAsync(context.Output, cancellationToken);
        }

        return ExitCodes.Ok;
    }
}
