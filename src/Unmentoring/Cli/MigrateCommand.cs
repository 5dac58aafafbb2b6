using System.CommandLine;
using Unmentoring.Hosting;
using Unmentoring.Storage;

namespace Unmentoring.Cli;

/// <summary>The explicit deploy step for PostgreSQL: applies what is missing, then exits.</summary>
internal sealed class MigrateCommand : CliCommand
{
    public override IReadOnlyList<string> Path => ["migrate"];

    public override string Summary => "Apply database migrations and exit.";

    public override string Description => """
        Brings the database schema up to date and exits: the deploy step before starting a new version
        against PostgreSQL (ConnectionStrings:Postgres). Running it again changes nothing, and several
        instances running it at once wait for each other. Without a connection string it migrates the
        embedded SQLite file in the data folder.
        """;

    public override string Epilogue => """
        Exit codes: 0 up to date, 1 the database could not be reached or a migration failed,
        3 the configuration is invalid.
        """;

    public override string UnexpectedArgument(string word) => $"migrate takes no arguments, but was given '{word}'.";

    public override async Task<int> RunAsync(ParseResult args, CliContext context, CancellationToken cancellationToken)
    {
        using var host = UnmentoringHost.Build(context);
        var services = host.Checked();
        var database = services.GetRequiredService<Database>();
        try
        {
            var applied = await services.GetRequiredService<Migrator>().MigrateAsync(cancellationToken);
            var all = Migrator.For(database.Provider);
            await context.Output.WriteLineAsync(applied.Count == 0
                ? $"The {database.Description} is up to date (schema version {all[^1].Version})."
                : $"Applied {string.Join(", ", applied)} to the {database.Description}; it is now at schema version {all[^1].Version}.");
            return ExitCodes.Ok;
        }
        catch (System.Data.Common.DbException ex)
        {
            await context.Error.WriteLineAsync($"Could not migrate the {database.Description}: {ex.Message}");
            return ExitCodes.Failed;
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            await context.Error.WriteLineAsync($"Could not reach the {database.Description}: {ex.Message}");
            return ExitCodes.Failed;
        }
    }
}
