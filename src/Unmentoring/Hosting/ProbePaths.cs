namespace Unmentoring.Hosting;

/// <summary>
/// The paths that load balancers, orchestrators and scrapers ask, in one place: the host maps them and the
/// deploy files (deploy/Dockerfile, deploy/compose.yaml, deploy/kubernetes) name them, and a test checks
/// that every path a deploy file names is one the host answers.
/// </summary>
public static class ProbePaths
{
    /// <summary>200 while the process runs; the liveness probe and the container's health check.</summary>
    public const string Live = "/health/live";

    /// <summary>200 when the database answers and the schema is current, otherwise 503: the readiness probe.</summary>
    public const string Ready = "/health/ready";

    /// <summary>The original check: "ok" when the database answers. Kept for load balancers already pointed at it.</summary>
    public const string Health = "/health";

    /// <summary>Prometheus text, when Unmentoring:Metrics:Enabled is true.</summary>
    public const string Metrics = "/metrics";
}
