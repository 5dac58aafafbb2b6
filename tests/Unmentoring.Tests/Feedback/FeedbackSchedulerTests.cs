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
/// Quartz keeps the real clock (RoundScheduling says why), so it cannot fire on a fake one. The hosts fire the
/// job every second (<c>Scheduler:FeedbackCheckInterval</c>, a setting the service already has) and the job
/// decides what is due by the service's clock, a <see cref="FakeTimeProvider"/> the test moves by days. A job
/// listener counts the firings that started after each move, so "nothing was sent" is said only after the
/// job has really run and looked.
/// </remarks>
public sealed class FeedbackSchedulerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite, 1)]
    [InlineData(TestDatabase.Postgres, 1)]
    [InlineData(TestDatabase.Postgres, 2)]
    public async Task Scheduler_AsksOnceOnTheRightDay_RemindsOnce_NotBefore(string provider, int instances)
    {
        var time = new FakeTimeProvider(FeedbackScene.Start);
        await using var db = await TestDatabase.CreateAsync(provider, time);
        var hosts = Enumerable.Range(0, instances).Select(_ => Build(db, time)).ToList();
        try
        {
            foreach (var host in hosts)
            {
                await StorageServices.PrepareDatabaseAsync(host.Services, default);
            }

            var services = hosts[0].Services;
            await AddPeopleAsync(services.GetRequiredService<ParticipantStore>(), 4);
            var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            await services.GetRequiredService<RoundService>().RunAsync(Period.Of(today), today);

            var runs = new FeedbackRuns();
            foreach (var host in hosts)
            {
                var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
                scheduler.ListenerManager.AddJobListener(runs, [Matchers.Key(FeedbackJob.Key)]);
                await host.StartAsync();
            }

            // A minute before the day: the job runs and asks nobody.
            await AdvanceAndRunAsync(time, runs, TimeSpan.FromDays(21) - TimeSpan.FromMinutes(1));
            Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM outbox_messages WHERE kind = 'followUp'"));

            // On the day: each of the four once, however many firings and instances follow.
            await AdvanceAndRunAsync(time, runs, TimeSpan.FromMinutes(1));
            await AdvanceAndRunAsync(time, runs, TimeSpan.Zero);
            Assert.Equal(4, await CountAsync(db, "SELECT count(*) FROM outbox_messages WHERE kind = 'followUp'"));
            Assert.Equal(4, await CountAsync(db, "SELECT count(DISTINCT participant_id) FROM outbox_messages WHERE kind = 'followUp'"));
            Assert.Equal(4, await CountAsync(db, "SELECT count(*) FROM feedback_requests"));

            // Nobody answers: a minute before the reminder's day nothing more, on it one reminder each.
            await AdvanceAndRunAsync(time, runs, TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
            Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM outbox_messages WHERE kind = 'followUp' AND idempotency_key LIKE '%:reminder'"));
            await AdvanceAndRunAsync(time, runs, TimeSpan.FromMinutes(1));
            await AdvanceAndRunAsync(time, runs, TimeSpan.FromDays(3));
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
    private static IHost Build(TestDatabase db, TimeProvider time)
    {
        var settings = db.Settings;
        settings["Unmentoring:PublicBaseUrl"] = "https://unmentoring.example.org";
        settings["Unmentoring:Roles:Dispatcher"] = "false";
        settings["Unmentoring:Scheduler:FeedbackCheckInterval"] = "00:00:01";
        settings["Unmentoring:Scheduler:CheckinInterval"] = "00:00:01";
        settings["Unmentoring:Scheduler:CheckinMisfireThreshold"] = "00:00:03";

        // So that no round is caught up on the fake clock's date: the test plans the only one.
        settings["Unmentoring:Scheduler:CatchUpWithin"] = "00:00:00";
        var host = UnmentoringHost.Build(new CliContext(new StringWriter(), new StringWriter(), settings, time));
        host.Checked();
        return host;
    }

    /// <summary>Moves the service's clock, then waits until two firings that began after the move have finished.</summary>
    private static async Task AdvanceAndRunAsync(FakeTimeProvider time, FeedbackRuns runs, TimeSpan by)
    {
        time.Advance(by);
        var moved = DateTimeOffset.UtcNow;
        var deadline = DateTime.UtcNow + Patience;
        while (runs.FinishedSince(moved) < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The feedback job did not run twice within {Patience} of moving the clock.");
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

    private static async Task<long> CountAsync(TestDatabase db, string sql)
    {
        await using var connection = await db.Database.OpenAsync();
        return await connection.ScalarAsync<long>(sql, null, default);
    }

    /// <summary>The feedback job's finished firings on every instance, by when each began (the real clock).</summary>
    private sealed class FeedbackRuns : IJobListener
    {
        private readonly ConcurrentQueue<DateTimeOffset> _finished = new();

        public ConcurrentQueue<string> Failures { get; } = new();

        public string Name => nameof(FeedbackRuns);

        public int FinishedSince(DateTimeOffset moment) => _finished.Count(fired => fired >= moment);

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
