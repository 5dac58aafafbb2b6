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
/// "Did you meet?" sent by the real scheduler on a fake clock: whole hosts started as <c>serve</c> starts them,
/// sharing one <see cref="FakeTimeProvider"/>, their Quartz planning the rounds and firing the feedback job, on
/// both providers and as two clustered instances on PostgreSQL. Quartz reads and waits on the host's clock
/// (ADR 0038), so the test moves the clock from one firing to the next and waits for each to finish.
/// </summary>
/// <remarks>
/// The clock lands on every firing rather than jumping over it, so no firing the test waits for is a misfire:
/// the feedback check every 12 hours (00:00 and 12:00 UTC, counted from the epoch) and a round at 06:00 UTC on
/// the 1st of each month, so that no two firings share an instant and the order of two jobs never decides an
/// outcome. The hosts start with nothing due: Quartz makes good a wake-up it missed with its idle wait, which on
/// a clock nobody moves never ends.
/// </remarks>
public sealed class FeedbackSchedulerTests
{
    /// <summary>An hour before the first feedback check, so that the hosts start with nothing due.</summary>
    private static readonly DateTimeOffset Start = new(2026, 12, 31, 23, 0, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset FirstCheck = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset End = new(2027, 3, 2, 12, 0, 0, TimeSpan.Zero);

    private static readonly TimeSpan CheckInterval = TimeSpan.FromHours(12);

    private const string RoundCron = "0 0 6 1 * ?";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite, 1)]
    [InlineData(TestDatabase.Postgres, 1)]
    [InlineData(TestDatabase.Postgres, 2)]
    public async Task Scheduler_AsksOnceOnTheDay_RemindsOnce_NothingAfterTheRoundCloses(string provider, int instances)
    {
        var clock = new FakeTimeProvider(Start);
        await using var db = await TestDatabase.CreateAsync(provider, clock);
        var rules = await ScheduleRoundsAsync(db, clock);
        await TestPeople.AddAsync(new ParticipantStore(db.Database, clock), 4);
        var hosts = Enumerable.Range(0, instances).Select(_ => Build(db, clock)).ToList();
        try
        {
            var runs = new JobRuns();
            foreach (var host in hosts)
            {
                await StorageServices.PrepareDatabaseAsync(host.Services, default);
                var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
                scheduler.ListenerManager.AddJobListener(runs, [Matchers.Key(FeedbackJob.Key), Matchers.Key(RoundJob.Key)]);
                await host.StartAsync();
            }

            await ScheduledAsync(hosts[0], clock);

            // Walk the clock through every firing, noting after each feedback check how many were asked and reminded.
            var seen = new SortedDictionary<DateTimeOffset, (long Asked, long Reminded)>();
            var store = await hosts[0].Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            foreach (var (at, job, trigger) in Firings())
            {
                clock.SetUtcNow(at);
                await runs.FinishedAsync(job, at);
                await SettledAsync(store, trigger);
                if (job == FeedbackJob.Key)
                {
                    seen[at] = (await CountAsync(db, "SELECT count(*) FROM feedback_requests"), await CountAsync(db, "SELECT count(*) FROM feedback_requests WHERE reminded_at IS NOT NULL"));
                }
            }

            Assert.Empty(runs.Failures);
            var planned = await PlannedAsync(db);
            Assert.Equal(["2027-01", "2027-02", "2027-03"], planned.Select(r => r.Period));

            // Asked on the first check once feedbackAfterDays have passed since the introductions, and not before;
            // reminded once, feedbackReminderAfterDays after being asked.
            var askFirst = FirstCheckAtOrAfter(planned[0].At.AddDays(rules.FeedbackAfterDays));
            var remindFirst = FirstCheckAtOrAfter(askFirst.AddDays(rules.FeedbackReminderAfterDays));
            var askSecond = FirstCheckAtOrAfter(planned[1].At.AddDays(rules.FeedbackAfterDays));
            var remindSecond = FirstCheckAtOrAfter(askSecond.AddDays(rules.FeedbackReminderAfterDays));

            // The third round is planned before the second round's reminder would be due, within the walk.
            Assert.InRange(remindSecond, planned[2].At, End);
            foreach (var (at, counts) in seen)
            {
                var asked = (at >= askFirst ? 4 : 0) + (at >= askSecond ? 4 : 0);
                var reminded = at >= remindFirst ? 4 : 0;
                Assert.True((asked, reminded) == counts, $"At {at:O} expected {asked} asked and {reminded} reminded, found {counts.Asked} and {counts.Reminded}.");
            }

            Assert.Equal(4, await CountAsync(db, "SELECT count(*) FROM feedback_requests WHERE asked_at = @at", ("at", askFirst.UtcDateTime)));
            Assert.Equal(4, await CountAsync(db, "SELECT count(*) FROM feedback_requests WHERE reminded_at = @at", ("at", remindFirst.UtcDateTime)));
            Assert.Equal(4, await CountAsync(db, "SELECT count(*) FROM feedback_requests WHERE asked_at = @at AND reminded_at IS NULL", ("at", askSecond.UtcDateTime)));
            Assert.Equal(12, await CountAsync(db, "SELECT count(*) FROM outbox_messages WHERE kind = 'followUp'"));
            Assert.Equal(4, await CountAsync(db, "SELECT count(*) FROM outbox_messages WHERE kind = 'followUp' AND idempotency_key LIKE '%:reminder'"));
            // Nobody was asked, or reminded, twice about one round, whatever the keys of the emails said.
            Assert.Equal(12, await CountAsync(db, """
                SELECT count(*) FROM (
                    SELECT participant_id, round_id, idempotency_key LIKE '%:reminder' AS reminder
                    FROM outbox_messages WHERE kind = 'followUp' AND round_id IS NOT NULL AND participant_id IS NOT NULL
                    GROUP BY participant_id, round_id, idempotency_key LIKE '%:reminder') AS once
                """));
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

    /// <summary>
    /// Waits until the hosts' keepers have scheduled the rounds and the feedback check, moving the clock on by a
    /// second at a time meanwhile. On a new PostgreSQL database no Quartz lock row exists yet; when two threads
    /// start at once to insert one, the one that loses retries a second later on the scheduler's clock (ADR 0038),
    /// and would wait for ever on a clock nobody moves.
    /// </summary>
    private static async Task ScheduledAsync(IHost host, FakeTimeProvider clock)
    {
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var deadline = DateTime.UtcNow + Patience;
        while (await scheduler.GetTrigger(RoundScheduling.TriggerKey) is null || await scheduler.GetTrigger(FeedbackScheduling.TriggerKey) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The keepers did not schedule the round and the feedback check within {Patience}.");
            await Task.Delay(100);
            clock.Advance(TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>
    /// Waits until the store has recorded the end of the firing: a job listener hears of it first, and a job that
    /// disallows concurrent execution holds its trigger back until then. Moving the clock before that would
    /// leave the next firing held back, with nothing but the (fake) clock to make the scheduler look again.
    /// </summary>
    private static async Task SettledAsync(IScheduler scheduler, TriggerKey trigger)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (await scheduler.GetTriggerState(trigger) == TriggerState.Blocked)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The store did not record the end of {trigger}'s firing within {Patience}.");
            await Task.Delay(10);
        }
    }

    /// <summary>Every firing of the walk, in order: the feedback checks and the rounds, each reached by moving the clock.</summary>
    private static IEnumerable<(DateTimeOffset At, JobKey Job, TriggerKey Trigger)> Firings()
    {
        var rounds = Enumerable.Range(0, 3).Select(m => (At: FirstCheck.AddMonths(m).AddHours(6), Job: RoundJob.Key, Trigger: RoundScheduling.TriggerKey));
        var checks = Enumerable.Range(0, (int)((End - FirstCheck) / CheckInterval) + 1)
            .Select(i => (At: FirstCheck + (CheckInterval * i), Job: FeedbackJob.Key, Trigger: FeedbackScheduling.TriggerKey));
        return checks.Concat(rounds).OrderBy(f => f.At);
    }

    private static DateTimeOffset FirstCheckAtOrAfter(DateTimeOffset moment) =>
        FirstCheck + (CheckInterval * Math.Ceiling((moment - FirstCheck) / CheckInterval));

    /// <summary>Rounds at 06:00 UTC on the 1st, with the rules' own feedback timings (21 and 7 days by default).</summary>
    private static async Task<SchemeRules> ScheduleRoundsAsync(TestDatabase db, TimeProvider clock)
    {
        var store = new RulesStore(db.Database, clock);
        var current = await store.CurrentAsync();
        var rules = current.Rules.Set("scheduleCron", RoundCron).Set("timeZone", "UTC");
        await store.SaveAsync(rules, "test", "rounds at 06:00 UTC on the 1st", current.Version);
        return rules;
    }

    /// <summary>A host as <c>serve</c> builds it on the shared clock, minus the web server and the dispatcher (queued emails stay countable).</summary>
    private static IHost Build(TestDatabase db, TimeProvider clock)
    {
        var settings = db.Settings;
        settings["Unmentoring:PublicBaseUrl"] = "https://unmentoring.example.org";
        settings["Unmentoring:Roles:Dispatcher"] = "false";
        settings["Unmentoring:Scheduler:FeedbackCheckInterval"] = "12:00:00";

        // A node is failed only when it misses check-ins for longer than one step of the clock: between two steps
        // the nodes check in when they get to it, and this test is not about recovering a node.
        settings["Unmentoring:Scheduler:CheckinMisfireThreshold"] = "1.00:00:00";

        // So that no round is caught up on start: the schedule plans every round here.
        settings["Unmentoring:Scheduler:CatchUpWithin"] = "00:00:00";
        var host = UnmentoringHost.Build(new CliContext(new StringWriter(), new StringWriter(), settings, clock));
        host.Checked();
        return host;
    }

    private static async Task<List<(string Period, DateTimeOffset At)>> PlannedAsync(TestDatabase db)
    {
        await using var connection = await db.Database.OpenAsync();
        var rounds = new List<(string, DateTimeOffset)>();
        await using var command = connection.Command("SELECT period, planned_at FROM rounds ORDER BY round_number");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rounds.Add((reader.GetString(0), new DateTimeOffset(reader.Utc(1))));
        }

        return rounds;
    }

    private static async Task<long> CountAsync(TestDatabase db, string sql, params (string, object?)[] parameters)
    {
        await using var connection = await db.Database.OpenAsync();
        return await connection.ScalarAsync<long>(sql, null, default, parameters);
    }

    /// <summary>The finished firings of the watched jobs on every instance, by job and the time each was scheduled for.</summary>
    private sealed class JobRuns : IJobListener
    {
        private readonly ConcurrentQueue<(JobKey Job, DateTimeOffset? Scheduled)> _finished = new();

        public ConcurrentQueue<string> Failures { get; } = new();

        public string Name => nameof(JobRuns);

        /// <summary>Waits (on the real clock) until the firing of <paramref name="job"/> scheduled for <paramref name="at"/> has finished.</summary>
        public async Task FinishedAsync(JobKey job, DateTimeOffset at)
        {
            var deadline = DateTime.UtcNow + Patience;
            while (!_finished.Any(f => f.Job.Equals(job) && f.Scheduled == at))
            {
                Assert.True(DateTime.UtcNow < deadline, $"The {job} firing scheduled for {at:O} did not finish within {Patience}.");
                await Task.Delay(20);
            }
        }

        public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
        {
            if (jobException is not null)
            {
                Failures.Enqueue(jobException.ToString());
            }

            _finished.Enqueue((context.JobDetail.Key, context.ScheduledFireTimeUtc));
            return ValueTask.CompletedTask;
        }
    }
}
