using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging.Console;
using Unmentoring.Cli;
using Unmentoring.Feedback;
using Unmentoring.Mail;
using Unmentoring.Participants;
using Unmentoring.Reports;
using Unmentoring.Retention;
using Unmentoring.Rounds;
using Unmentoring.Storage;
using Unmentoring.Web;

namespace Unmentoring.Hosting;

/// <summary>
/// Builds the service for any command: configuration (appsettings.json, then environment variables such
/// as <c>Unmentoring__DataDirectory</c>, then what the caller lays over them), logging, and each area's
/// services. <c>serve</c> gets a web host; every other command a plain generic host.
/// </summary>
internal static class UnmentoringHost
{
    public static IHost Build(CliContext context)
    {
        var builder = Host.CreateApplicationBuilder(Settings());
        Configure(builder, context, logToStandardError: true);
        return builder.Build();
    }

    public static WebApplication BuildWeb(CliContext context, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT"),
        });
        Configure(builder, context, logToStandardError: false);
        configure?.Invoke(builder);
        return builder.Build();
    }

    /// <summary>
    /// Builds the host and checks every setting before anything runs, so a bad value stops with one line.
    /// </summary>
    public static IServiceProvider Checked(this IHost host)
    {
        ValidatedOptions.CheckAll(host.Services);
        return host.Services;
    }

    private static HostApplicationBuilderSettings Settings() => new()
    {
        // appsettings.json sits beside the executable; data goes where the operator runs it from.
        ContentRootPath = AppContext.BaseDirectory,
        EnvironmentName = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT"),
    };

    private static void Configure(IHostApplicationBuilder builder, CliContext context, bool logToStandardError)
    {
        if (context.Settings.Count > 0)
        {
            builder.Configuration.AddInMemoryCollection(context.Settings);
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.UseUtcTimestamp = true;
        });
        builder.Services.Configure<ConsoleLoggerOptions>(o =>
        {
            // Commands print their results on standard output; their logs must not mix into it.
            if (logToStandardError)
            {
                o.LogToStandardErrorThreshold = LogLevel.Trace;
            }
        });

        builder.Services.AddSingleton(context.Time);
        builder.Services.AddSystemd();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(25));
        builder.Services.AddValidatedOptions<UnmentoringOptions>(UnmentoringOptions.Section, UnmentoringOptions.Check);
        builder.Services.AddDataProtection().SetApplicationName("unmentoring");
        builder.Services.AddSingleton<LinkSigningKey>();
        builder.Services.AddSingleton<ParticipantLinks>();
        builder.Services.AddStorage();
        builder.Services.AddMail(builder.Configuration);
        builder.Services.AddRounds(builder.Configuration);
        builder.Services.AddRetention(builder.Configuration);
        builder.Services.AddFeedback(builder.Configuration);
        builder.Services.AddSchemeReports();
        builder.Services.AddWeb();
        builder.Services.AddHealth();
        builder.AddTelemetry();
    }
}
