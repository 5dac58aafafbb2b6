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

    /// <summary>
    /// One line per event on the console, UTC-stamped. The console logger itself picks its formatter from
    /// <c>Logging:Console:FormatterName</c> (<c>json</c> for a log collector, <c>systemd</c> for journald's
    /// priority prefixes); here each formatter is given the same UTC stamp, plain text is kept to one line and
    /// made the default, and a name the logger would silently ignore stops start-up instead.
    /// </summary>
    private static void AddConsoleLogs(IHostApplicationBuilder builder)
    {
        if (LogFormatterProblem(builder.Configuration["Logging:Console:FormatterName"]) is { } problem)
        {
            throw new ConfigurationException(problem);
        }

        const string Utc = "yyyy-MM-ddTHH:mm:ss.fffZ";
        builder.Logging.AddConsole();
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.FormatterName ??= ConsoleFormatterNames.Simple);
        builder.Services.Configure<SimpleConsoleFormatterOptions>(o =>
        {
            o.SingleLine = true;
            Stamp(o, Utc + " ");
        });
        builder.Services.Configure<JsonConsoleFormatterOptions>(o => Stamp(o, Utc));
        builder.Services.Configure<ConsoleFormatterOptions>(o => Stamp(o, Utc + " "));

        static void Stamp(ConsoleFormatterOptions options, string format)
        {
            options.TimestampFormat = format;
            options.UseUtcTimestamp = true;
        }
    }

    /// <summary>What is wrong with a console log formatter's name, or null: the deploy files' checks ask too.</summary>
    internal static string? LogFormatterProblem(string? formatter) =>
        formatter?.Trim().ToLowerInvariant() is null or "" or ConsoleFormatterNames.Simple or ConsoleFormatterNames.Json or ConsoleFormatterNames.Systemd
            ? null
            : $"Logging:Console:FormatterName must be simple, json or systemd, not '{formatter}'.";

    private static void Configure(IHostApplicationBuilder builder, CliContext context, bool logToStandardError)
    {
        if (context.Settings.Count > 0)
        {
            builder.Configuration.AddInMemoryCollection(context.Settings);
        }

        builder.Logging.ClearProviders();
        AddConsoleLogs(builder);
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
