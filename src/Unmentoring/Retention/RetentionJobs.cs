using Quartz;

namespace Unmentoring.Retention;

/// <summary>The daily purge: thin on purpose; the clustered store fires it on one instance.</summary>
[DisallowConcurrentExecution]
internal sealed class RetentionPurgeJob(RetentionPurge purge) : IJob
{
    public static readonly JobKey Key = new("retention-purge", "unmentoring");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await purge.PurgeAsync(cancellationToken);
}

/// <summary>The regular clean-up of the database files after erasures; does nothing when none happened.</summary>
[DisallowConcurrentExecution]
internal sealed class ErasureCleanupJob(ErasureCleanup cleanup) : IJob
{
    public static readonly JobKey Key = new("erasure-cleanup", "unmentoring");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await cleanup.RunAsync(evenIfNoneDue: false, cancellationToken);
}
