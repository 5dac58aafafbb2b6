using System.CommandLine;
using Unmentoring.Hosting;
using Unmentoring.Storage;
using Unmentoring.Web;

namespace Unmentoring.Cli;

/// <summary>Runs the service until it is stopped (SIGTERM or Ctrl+C): the pages, the scheduler and the outbox dispatcher.</summary>
internal sealed class ServeCommand : CliCommand
{
    public override IReadOnlyList<string> Path => ["serve"];

    public override string Summary => "Run the service until stopped (the default command).";

    public override string Description => """
        Runs the web pages, the round scheduler and the email dispatcher in one process until it is
        stopped with Ctrl+C or SIGTERM. Each part can be switched off with Unmentoring:Roles:Web,
        Unmentoring:Roles:Scheduler and Unmentoring:Roles:Dispatcher.

        With no connection string the data is kept in SQLite under the data folder and migrated on start;
        with ConnectionStrings:Postgres run 'unmentoring migrate' first (or set Unmentoring:MigrateOnStart).
        """;

    private readonly Option<string> _urls = new("--urls")
    {
        HelpName = "URLS",
        Description = "Addresses to listen on (default http://localhost:5000), e.g. http://0.0.0.0:8080",
    };

    public override IReadOnlyList<Symbol> Parameters => [_urls];

    public override async Task<int> RunAsync(ParseResult args, CliContext context, CancellationToken cancellationToken)
    {
        await using var app = UnmentoringHost.BuildWeb(context, builder =>
        {
            if (args.GetValue(_urls) is { } urls)
            {
                builder.WebHost.UseUrls(urls.Split(';', ','));
            }
            else if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
            {
                builder.WebHost.UseUrls("http://localhost:5000");
            }
        });
        var services = app.Checked();
        await StorageServices.PrepareDatabaseAsync(services, cancellationToken);

        var database = services.GetRequiredService<Database>();
        app.Logger.LogInformation("Data: {Database}; mail: {Transport}", database.Description, services.GetRequiredService<Mail.IMailTransport>().Description);
        app.MapWeb();

        await app.RunAsync(cancellationToken);
        return ExitCodes.Ok;
    }
}
