using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Unmentoring.Storage;

namespace Unmentoring.Hosting;

/// <summary>
/// Probes for load balancers and orchestrators, built on ASP.NET Core's health checks: <c>/health/live</c>
/// answers while the process runs (no check at all, so a slow database never gets a live process restarted);
/// <c>/health/ready</c> answers 200 only when the database answers and its schema is current, otherwise 503
/// within <see cref="ReadyTimeout"/>. <c>/health</c> is kept for the load balancers already pointed at it.
/// </summary>
internal static class HealthEndpoints
{
    private const string ReadyTag = "ready";

    /// <summary>How long the readiness check waits for the database before it answers 503.</summary>
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(3);

    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseReadyCheck>("database", HealthStatus.Unhealthy, [ReadyTag], ReadyTimeout);
        return services;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks(ProbePaths.Live, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks(ProbePaths.Ready, new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync });

        // The original probe: "ok" when the database answers.
        app.MapGet(ProbePaths.Health, async (Database db, CancellationToken ct) =>
        {
            await using var session = await db.SessionAsync(null, ct);
            await session.ScalarAsync<long>("SELECT 1");
            return Results.Text("ok");
        });
        app.MapMetrics();
        return app;
    }

    /// <summary>
    /// The status and each check's status and our own fixed description; never an exception's message,
    /// which can carry a host name or a connection string's parts.
    /// </summary>
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Exception is null ? e.Value.Description : DatabaseReadyCheck.NoAnswer }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}

/// <summary>Ready when the database answers and every migration this build knows is applied.</summary>
internal sealed class DatabaseReadyCheck(Database database, Migrator migrator) : IHealthCheck
{
    public const string NoAnswer = "the database does not answer";

    private readonly Lazy<IReadOnlyList<int>> _expected = new(() => Migrator.For(database.Provider).Select(m => m.Version).ToList());

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // A failure or the registration's timeout becomes Unhealthy in the health check service, with the
        // exception kept out of the body by the response writer. Npgsql does not give up on a server that
        // accepted the connection but never answers until its own Timeout, so the wait is cut here.
        var applied = await migrator.AppliedAsync(cancellationToken).WaitAsync(cancellationToken);
        var missing = _expected.Value.Except(applied).Count();
        return missing == 0
            ? HealthCheckResult.Healthy("the database answers and its schema is current")
            : HealthCheckResult.Unhealthy($"the schema is {missing} migration(s) behind: run 'unmentoring migrate'");
    }
}
