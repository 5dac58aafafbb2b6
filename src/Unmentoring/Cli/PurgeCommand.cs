using System.CommandLine;
using Unmentoring.Retention;

namespace Unmentoring.Cli;

/// <summary>The retention limits applied now, as the daily purge applies them.</summary>
internal sealed class PurgeCommand : CliCommand
{
    public override IReadOnlyList<string> Path => ["purge"];

    public override string Summary => "Apply the retention limits now and clean erased data out of the database files.";

    public override string Description => """
        Does at once what the scheduler does every day (Unmentoring:Retention:PurgeSchedule): removes
        sign-ups never confirmed (UnconfirmedSignUpDays after their link expired), erases the personal
        data of people who left (UnsubscribedDays after they left), clears the recipient, subject and
        content of emails sent more than SentEmailDays ago (the counts stay), and removes used and expired
        tokens. Then, if anything was removed or an erasure is waiting, it makes the removed data
        unreadable in the database files: VACUUM FULL of the touched tables on PostgreSQL, an emptied
        write-ahead log on SQLite. Running it again the same day removes nothing more.
        """;

    public override string Epilogue => """
        Exit codes: 0 done, 1 the database could not be reached, 3 the configuration is invalid.
        """;

    public override string UnexpectedArgument(string word) => $"purge takes no arguments, but was given '{word}'.";

    public override async Task<int> RunAsync(ParseResult args, CliContext context, CancellationToken cancellationToken)
    {
        using var host = await CommandHost.OpenAsync(context, cancellationToken);
        try
        {
            var report = await host.Get<RetentionPurge>().PurgeAsync(cancellationToken);
            await context.Output.WriteLineAsync(
                $"Removed {report.UnconfirmedSignUpsRemoved} unconfirmed sign-ups, erased {report.LeaversErased} people who left, " +
                $"cleared {report.EmailsCleared} sent emails and removed {report.TokensRemoved} tokens. " +
                (report.FilesCleaned ? "The database files were cleaned." : "The database files needed no cleaning (or a table was busy: the next run cleans them)."));
            return ExitCodes.Ok;
        }
        catch (System.Data.Common.DbException ex)
        {
            await context.Error.WriteLineAsync($"Could not purge: {ex.Message}");
            return ExitCodes.Failed;
        }
    }
}
