using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Quartz;
using Unmentoring.Cli;
using Unmentoring.Feedback;
using Unmentoring.Hosting;
using Unmentoring.Participants;
using Unmentoring.Rounds;
using Unmentoring.Storage;
using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Feedback;

/// <summary>
/// "Did you meet?" sent by the real scheduler: whole hosts started as <c>serve</c> starts them, their Quartz
/// firing the feedback job, on both providers and as two clustered instances on PostgreSQL.
/// </summary>
/// <remarks>
/// A host with the scheduler role runs on the real clock, all of it: <c>UseTimeProvider(TimeProvider.System)</c>
/// in RoundScheduling replaces the container's clock for Quartz's default scheduler, so the job cannot be timed
/// by a fake clock. Instead the hosts fire the job every second (<c>Scheduler:FeedbackCheckInterval</c>, a
/// setting the service already has), and the round is planned from a host without the scheduler whose fake
/// clock stands 21 days less a few seconds ago: on the real clock the question falls due a few seconds later.
/// A job listener shows the job ran before that moment, and the times the database recorded show nobody was
/// asked before it.
/// </remarks>
public sealed class FeedbackSchedulerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>How far ahead on the real clock the question, then the reminder, falls due: room for a few firings before it.</summary>
    private static readonly TimeSpan Lead = TimeSpan.FromSeconds(6);

    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite, 1)]
    [InlineData(TestDatabase.Postgres, 1)]
    [InlineData(TestDatabase.Postgres, 2)]
    public async Task Scheduler_AsksOnceOnTheDay_NotBefore_RemindsOnce(string provider, int instances)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var hosts = Enumerable.Range(0, instances).Select(_ => Build(db)).ToList();
        try
        {
            var runs = new FeedbackRuns();
            foreach (var host in hosts)
            {
                await StorageServices.PrepareDatabaseAsync(host.Services, default);
                var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
                scheduler.ListenerManager.AddJobListener(runs, [Matchers.Key(FeedbackJob.Key)]);
                await host.StartAsync();
            }

            await RunsAsync(runs, DateTimeOffset.UtcNow, 1);

            // The round's introductions went out 21 days ago less the lead: the question falls due at askFrom.
            var planningClock = new FakeTimeProvider(DateTimeOffset.UtcNow + Lead - TimeSpan.FromDays(21));
            var askFrom = planningClock.StorageNow().AddDays(21);
            await PlanRoundAsync(db, planningClock, people: 4);
            var planned = DateTimeOffset.UtcNow;

            await EventuallyAsync(async () => await CountAsync(db, "SELECT count(*) FROM outbox_messages WHERE kind = 'followUp'") > 0, "Nobody was asked.");
            await RunsAsync(runs, DateTimeOffset.UtcNow, 2);
            Assert.True(runs.FinishedBetween(planned, askFrom) > 0, "The job did not run between planning the round and the day it was due, so 'not before' was not tested.");
            Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM feedback_requests WHERE asked_at < @from", ("from", askFrom)));
            Assert.Equal(4, await CountAsync(db, "SELECT count(*) FROM feedback_requests"));
            Assert.Equal(4, await CountAsync(db, "SELECT count(*) FROM outbox_messages WHERE kind = 'followUp'"));
            Assert.Equal(4, await CountAsync(db, "SELECT count(DISTINCT participant_id) FROM outbox_messages WHERE kind = 'followUp'"));

            // Nobody answers. Seven days pass for the asked (the one wait the real clock cannot make, so their
            // asked_at is moved back): the reminder falls due at remindFrom.
            var remindFrom = DateTime.UtcNow + Lead;
            remindFrom = new DateTime(remindFrom.Ticks - (remindFrom.Ticks % 10), DateTimeKind.Utc);
            await ExecuteAsync(db, "UPDATE feedback_requests SET asked_at = @askedAt", ("askedAt", remindFrom.AddDays(-7)));
            var moved = DateTimeOffset.UtcNow;

            await EventuallyAsync(async () => await CountAsync(db, "SELECT count(*) FROM feedback_requests WHERE reminded_at IS NOT NULL") > 0, "Nobody was reminded.");
            await RunsAsync(runs, DateTimeOffset.UtcNow, 2);
            Assert.True(runs.FinishedBetween(moved, remindFrom) > 0, "The job did not run before the reminder was due, so 'not before' was not tested.");
            Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM feedback_requests WHERE reminded_at < @from", ("from", remindFrom)));
            Assert.Equal(4, await CountAsync(db, "SELECT count(*) FROM outbox_messages WHERE kind = 'followUp' AND idempotency_key LIKE '%:reminder'"));
            Assert.Equal(4, await CountAsync(db, "SELECT count(DISTINCT participant_id) FROM outbox_messages WHERE kind = 'followUp' AND idempotency_key LIKE '%:reminder'"));
            Assert.Equal(8, await CountAsync(db, "SELECT count(*) FROM outbox_messages WHERE kind = 'followUp'"));
            Assert.Empty(runs.Failures);
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.StopAsync();
                host.Dispose();
            }
        }
    }

    /// <summary>A host as <c>serve</c> builds it, minus the web server and the dispatcher (queued emails stay countable).</summary>
    private static IHost Build(TestDatabase db)
    {
        var settings = Settings(db);
        settings["Unmentoring:Roles:Dispatcher"] = "false";
        settings["Unmentoring:Scheduler:FeedbackCheckInterval"] = "00:00:01";
        settings["Unmentoring:Scheduler:CheckinInterval"] = "00:00:01";
        settings["Unmentoring:Scheduler:CheckinMisfireThreshold"] = "00:00:03";

        // So that no round is caught up on start: the test plans the only one.
        settings["Unmentoring:Scheduler:CatchUpWithin"] = "00:00:00";
        var host = UnmentoringHost.Build(new CliContext(new StringWriter(), new StringWriter(), settings, TimeProvider.System));
        host.Checked();
        return host;
    }

    private static Dictionary<string, string?> Settings(TestDatabase db)
    {
        var settings = db.Settings;
        settings["Unmentoring:PublicBaseUrl"] = "https://unmentoring.example.org";
        return settings;
    }

    /// <summary>Adds active people and plans this month's round (on the planning clock) from a host without the scheduler, as <c>round run</c> would.</summary>
    private static async Task PlanRoundAsync(TestDatabase db, TimeProvider clock, int people)
    {
        var settings = Settings(db);
        settings["Unmentoring:Roles:Scheduler"] = "false";
        using var host = await CommandHost.OpenAsync(new CliContext(new StringWriter(), new StringWriter(), settings, clock), default);
        await AddPeopleAsync(host.Get<ParticipantStore>(), people);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        Assert.True((await host.Get<RoundService>().RunAsync(Period.Of(today), today)).Created);
    }

    /// <summary>Waits until <paramref name="count"/> firings that began at or after <paramref name="since"/> have finished.</summary>
    private static async Task RunsAsync(FeedbackRuns runs, DateTimeOffset since, int count)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (runs.FinishedSince(since) < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The feedback job did not run {count} times within {Patience}.");
            await Task.Delay(100);
        }
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string failure)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(100);
        }
    }

    private static async Task AddPeopleAsync(ParticipantStore store, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await store.AddAsync(new Participant
            {
                PublicId = "",
                Email = $"person{i}@org{i}.example",
                Name = $"Person {i}",
                Organisation = $"Organisation {i}",
                Status = ParticipantStatus.Active,
                ConsentBasis = "form",
                ConsentTextVersion = "test",
                ConsentAt = DateTime.UtcNow,
                ConfirmedAt = DateTime.UtcNow,
            });
        }
    }

    private static async Task<long> CountAsync(TestDatabase db, string sql, params (string, object?)[] parameters)
    {
        await using var connection = await db.Database.OpenAsync();
        return await connection.ScalarAsync<long>(sql, null, default, parameters);
    }

    private static async Task ExecuteAsync(TestDatabase db, string sql, params (string, object?)[] parameters)
    {
        await using var connection = await db.Database.OpenAsync();
        await connection.ExecuteAsync(sql, null, default, parameters);
    }

    /// <summary>The feedback job's finished firings on every instance, by when each began (the real clock).</summary>
    private sealed class FeedbackRuns : IJobListener
    {
        private readonly ConcurrentQueue<DateTimeOffset> _finished = new();

        public ConcurrentQueue<string> Failures { get; } = new();

        public string Name => nameof(FeedbackRuns);

        public int FinishedSince(DateTimeOffset moment) => _finished.Count(fired => fired >= moment);

        public int FinishedBetween(DateTimeOffset from, DateTime before) => _finished.Count(fired => fired >= from && fired.UtcDateTime < before);

        public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
        {
            if (jobException is not null)
            {
                Failures.Enqueue(jobException.ToString());
            }

            _finished.Enqueue(context.FireTimeUtc);
            return ValueTask.CompletedTask;
        }
    }
}
