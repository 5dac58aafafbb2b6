using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Quartz;
using Unmentoring.Cli;
using Unmentoring.Hosting;
using Unmentoring.Participants;
using Unmentoring.Retention;
using Unmentoring.Storage;
using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Retention;

public sealed class RetentionSchedulingTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Keeper_DeclaresThePurgeAndTheCleanUp_LeavesThemAloneUnchanged_ReschedulesWhenChanged(string provider)
    {
        await using var service = await ServiceHost.StartAsync(provider, settings: new Dictionary<string, string?> { ["Unmentoring:Roles:Scheduler"] = "true" });
        var scheduler = await service.Get<ISchedulerFactory>().GetScheduler();
        var options = new RetentionOptions();

        await Keeper(service, options).EnsureScheduledAsync(default);
        var purge = (ICronTrigger)(await scheduler.GetTrigger(RetentionScheduling.PurgeTriggerKey))!;
        var cleanup = (ISimpleTrigger)(await scheduler.GetTrigger(RetentionScheduling.CleanupTriggerKey))!;
        await Keeper(service, options).EnsureScheduledAsync(default);
        var cleanupAgain = (ISimpleTrigger)(await scheduler.GetTrigger(RetentionScheduling.CleanupTriggerKey))!;
        await Keeper(service, new RetentionOptions { PurgeSchedule = "0 15 2 * * ?", ErasureCleanupInterval = TimeSpan.FromMinutes(15) }).EnsureScheduledAsync(default);
        var purgeChanged = (ICronTrigger)(await scheduler.GetTrigger(RetentionScheduling.PurgeTriggerKey))!;
        var cleanupChanged = (ISimpleTrigger)(await scheduler.GetTrigger(RetentionScheduling.CleanupTriggerKey))!;

        Assert.True(await scheduler.Exists(RetentionPurgeJob.Key));
        Assert.True(await scheduler.Exists(ErasureCleanupJob.Key));
        Assert.Equal("0 30 3 * * ?", purge.CronExpressionString);
        Assert.Equal(TimeSpan.Zero, purge.TimeZone.BaseUtcOffset);
        Assert.Equal(TimeSpan.FromHours(1), cleanup.RepeatInterval);
        Assert.Equal(0, cleanup.StartTimeUtc.ToUnixTimeSeconds() % 3600);
        Assert.Equal(cleanup.StartTimeUtc, cleanupAgain.StartTimeUtc);
        Assert.Equal("0 15 2 * * ?", purgeChanged.CronExpressionString);
        Assert.Equal(TimeSpan.FromMinutes(15), cleanupChanged.RepeatInterval);
        await scheduler.Shutdown(false, default);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task PurgeCommand_RunsThePurgeAndSaysWhatItRemoved(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);

        var result = await Support.Cli.RunAsync(db.Settings, "purge");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.StartsWith("Removed 0 unconfirmed sign-ups, erased 0 people who left, cleared 0 sent emails and removed 0 tokens.", result.Output);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task PurgeTrigger_WhenDue_FiresThePurgeWhichRemovesSpentTokens(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var store = new ParticipantStore(db.Database, TimeProvider.System);
        var person = await store.AddAsync(Storage.ParticipantStoreTests.ActiveParticipant("spent@leeds.gov.uk"));
        var tokens = new TokenStore(db.Database, TimeProvider.System);
        await using (var connection = await db.Database.OpenAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            var used = await tokens.IssueAsync(person.Id, transaction, default);
            await tokens.UseAsync(used.Id, transaction, default);
            await transaction.CommitAsync();
        }

        var settings = db.Settings;
        settings["Unmentoring:Roles:Dispatcher"] = "false";
        settings["Unmentoring:Scheduler:CatchUpWithin"] = "00:00:00";
        settings["Unmentoring:Retention:PurgeSchedule"] = "* * * * * ?";
        using var host = UnmentoringHost.Build(new CliContext(new StringWriter(), new StringWriter(), settings, TimeProvider.System));
        host.Checked();
        await StorageServices.PrepareDatabaseAsync(host.Services, default);

        await host.StartAsync();
        long left = 1;
        for (var attempt = 0; attempt < 100 && left > 0; attempt++)
        {
            await Task.Delay(200);
            await using var connection = await db.Database.OpenAsync();
            left = await connection.ScalarAsync<long>("SELECT count(*) FROM tokens", null, default);
        }

        await host.StopAsync();
        Assert.Equal(0, left);
        Assert.NotNull(await store.FindAsync(person.Id));
    }

    private static RetentionScheduleKeeper Keeper(ServiceHost service, RetentionOptions options) => new(
        service.Get<ISchedulerFactory>(),
        Options.Create(options),
        TimeProvider.System,
        NullLogger<RetentionScheduleKeeper>.Instance);
}
