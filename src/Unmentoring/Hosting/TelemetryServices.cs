using System.Diagnostics.Metrics;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Unmentoring.Mail;
using Unmentoring.Storage;

namespace Unmentoring.Hosting;

/// <summary>The <c>Unmentoring:Metrics</c> section: whether <c>GET /metrics</c> serves Prometheus text.</summary>
internal sealed class MetricsOptions
{
    public const string Section = "Unmentoring:Metrics";

    /// <summary>Off by default: the figures say how many people take part, which is not for the public internet.</summary>
    public bool Enabled { get; set; }

    /// <summary>How often the participant and outbox gauges are counted afresh in the database.</summary>
    public TimeSpan GaugeRefresh { get; set; } = TimeSpan.FromSeconds(30);

    internal static IEnumerable<string> Check(MetricsOptions o, string section)
    {
        if (o.GaugeRefresh < TimeSpan.FromSeconds(1) || o.GaugeRefresh > TimeSpan.FromHours(1))
        {
            yield return $"{section}:GaugeRefresh must be from 00:00:01 to 01:00:00 (default 00:00:30).";
        }
    }
}

/// <summary>
/// Metrics and traces through OpenTelemetry: our own meter and activity source (<see cref="UnmentoringTelemetry"/>),
/// ASP.NET Core, the runtime, Npgsql and Quartz's own "Quartz" meter and source. Exported by OTLP when the
/// standard OTEL_EXPORTER_OTLP_ENDPOINT is set, and as Prometheus text at <c>/metrics</c> with
/// Unmentoring:Metrics:Enabled. With neither, nothing listens and the instruments cost next to nothing.
/// </summary>
internal static class TelemetryServices
{
    public static void AddTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<MetricsOptions>(MetricsOptions.Section, MetricsOptions.Check);
        var prometheus = builder.Configuration.GetValue($"{MetricsOptions.Section}:Enabled", false);
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (!prometheus && !otlp)
        {
            return;
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("unmentoring"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(UnmentoringTelemetry.Name, "Quartz")
                    .AddAspNetCoreInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddNpgsqlInstrumentation();
                if (prometheus)
                {
                    metrics.AddPrometheusExporter();
                }
            })
            .WithTracing(tracing => tracing
                .AddSource(UnmentoringTelemetry.Name, "Quartz")
                .AddAspNetCoreInstrumentation()
                .AddNpgsql());
        if (otlp)
        {
            telemetry.UseOtlpExporter();
        }

        builder.Services.AddHostedService<OperationalGauges>();
    }

    /// <summary>Maps <c>/metrics</c> when enabled; otherwise the path is not found, like any other.</summary>
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<MetricsOptions>>().Value.Enabled)
        {
            app.MapPrometheusScrapingEndpoint(ProbePaths.Metrics);
        }

        return app;
    }
}

/// <summary>
/// Counts participants by status and outbox messages by state every GaugeRefresh, for the gauges to
/// report: a scrape never waits on the database, and many scrapers cost one query each refresh.
/// </summary>
internal sealed class OperationalGauges(Database database, OutboxReport outbox, Microsoft.Extensions.Options.IOptions<MetricsOptions> options, TimeProvider time, ILogger<OperationalGauges> logger) : BackgroundService
{
    private volatile IReadOnlyList<Measurement<long>> _participants = [];
    private volatile IReadOnlyList<Measurement<long>> _outbox = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        UnmentoringTelemetry.ObserveCounts(() => _participants, () => _outbox);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // A failed count must not stop the host (BackgroundService's default); the next refresh tries again.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.LogWarning("The participant and outbox gauges could not be counted: {Problem}", ex.Message);
            }

            try
            {
                await Task.Delay(options.Value.GaugeRefresh, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    internal async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using (var session = await database.SessionAsync(null, cancellationToken))
        {
            var rows = await session.QueryAsync<StatusCount>("SELECT status, count(*) AS count FROM participants GROUP BY status");
            _participants = rows.Select(r => new Measurement<long>(r.Count, new KeyValuePair<string, object?>("status", r.Status))).ToList();
        }

        var counts = await outbox.CountsAsync(cancellationToken);
        _outbox = counts.Select(c => new Measurement<long>(c.Value, new KeyValuePair<string, object?>("state", c.Key))).ToList();
    }

    // Properties, not a positional record: SQLite types an aggregate of no rows as a blob, which a constructor refuses.
    private sealed class StatusCount
    {
        public string Status { get; init; } = "";

        public long Count { get; init; }
    }
}
