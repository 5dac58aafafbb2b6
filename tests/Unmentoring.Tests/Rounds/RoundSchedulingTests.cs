using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Quartz;
using Unmentoring.Cli;
using Unmentoring.Hosting;
using Unmentoring.Rounds;
using Unmentoring.Storage;
using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Rounds;

public sealed class RoundSchedulingTests
{
    [Fact]
    public void DefaultSchedule_FirstMondayAtNineLondonTime_AcrossTheClockChange()
    {
        var trigger = RoundScheduling.TriggerFor(new SchemeRules());

        // 1 March 2027 is a Monday in GMT; 5 April 2027 the first Monday after the clocks go forward on 28 March.
        var march = trigger.GetFireTimeAfter(new DateTimeOffset(2027, 2, 20, 0, 0, 0, TimeSpan.Zero));
        var april = trigger.GetFireTimeAfter(march);
        var november = trigger.GetFireTimeAfter(new DateTimeOffset(2027, 10, 30, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero), march);
        Assert.Equal(new DateTimeOffset(2027, 4, 5, 8, 0, 0, TimeSpan.Zero), april);
        Assert.Equal(new DateTimeOffset(2027, 11, 1, 9, 0, 0, TimeSpan.Zero), november);
    }

    [Fact]
    public void Schedule_InAnotherZone_FiresAtThatZonesTime()
    {
        var rules = new SchemeRules().Set("timeZone", "America/New_York").Set("scheduleCron", "0 30 8 ? * MON#1");

        var fire = RoundScheduling.TriggerFor(rules).GetFireTimeAfter(new DateTimeOffset(2027, 6, 1, 0, 0, 0, TimeSpan.Zero));

        // Monday 7 June 2027, 08:30 in New York (EDT, UTC-4).
        Assert.Equal(new DateTimeOffset(2027, 6, 7, 12, 30, 0, TimeSpan.Zero), fire);
    }

    [SkippableFact]
    public async Task CatchUp_RoundDueWhileDown_RunsOnStartOnlyWithinTheWindow()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 9, 12, 0, 0, TimeSpan.Zero));
        await using var service = await ServiceHost.StartAsync(TestDatabase.Sqlite, time, new Dictionary<string, string?> { ["Unmentoring:Roles:Scheduler"] = "true" });
        await service.AddPeopleAsync(4);
        var keeper = Keeper(service, time);
        var rules = new SchemeRules();

        var caughtUp = await keeper.CatchUpAsync(rules, default);
        var again = await keeper.CatchUpAsync(rules, default);

        Assert.NotNull(caughtUp);
        Assert.True(caughtUp.Created);
        Assert.Equal(new Period(2026, 12), caughtUp.Round.Period);
        Assert.Equal(new DateOnly(2026, 12, 7), caughtUp.Round.RoundDate);
        Assert.Null(again);

        time.SetUtcNow(new DateTimeOffset(2027, 1, 20, 12, 0, 0, TimeSpan.Zero));
        Assert.Null(await keeper.CatchUpAsync(rules, default));
        Assert.Null(await service.Reports.ShowAsync(new Period(2027, 1)));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Keeper_RulesUnchanged_LeavesTheTriggerAlone_RulesChanged_Reschedules(string provider)
    {
        var settings = new Dictionary<string, string?> { ["Unmentoring:Roles:Scheduler"] = "true" };
        await using var service = await ServiceHost.StartAsync(provider, settings: settings);
        var keeper = Keeper(service, TimeProvider.System);
        var scheduler = await service.Get<ISchedulerFactory>().GetScheduler();

        await keeper.EnsureScheduledAsync(new SchemeRules(), default);
        var first = (ICronTrigger)(await scheduler.GetTrigger(RoundScheduling.TriggerKey))!;
        await keeper.EnsureScheduledAsync(new SchemeRules(), default);
        var unchanged = (ICronTrigger)(await scheduler.GetTrigger(RoundScheduling.TriggerKey))!;
        await keeper.EnsureScheduledAsync(new SchemeRules().Set("scheduleCron", "0 0 10 ? * TUE#2"), default);
        var changed = (ICronTrigger)(await scheduler.GetTrigger(RoundScheduling.TriggerKey))!;

        Assert.Equal("0 0 9 ? * MON#1", first.CronExpressionString);
        Assert.Equal(first.StartTimeUtc, unchanged.StartTimeUtc);
        Assert.Equal("0 0 10 ? * TUE#2", changed.CronExpressionString);
        Assert.Equal("Europe/London", changed.TimeZone.Id);
        Assert.Equal(CronTriggerMisfireInstruction.FireAndProceed, changed.MisfireInstruction);
        await scheduler.Shutdown(false, default);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Trigger_WhenDue_FiresTheJobWhichRunsTheRound(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var rules = new RulesStore(db.Database, TimeProvider.System);
        var current = await rules.CurrentAsync();
        await rules.SaveAsync(current.Rules.Set("scheduleCron", "* * * * * ?").Set("timeZone", "UTC"), "test", "every second", current.Version);
        var settings = db.Settings;
        settings["Unmentoring:PublicBaseUrl"] = "https://unmentoring.example.org";
        settings["Unmentoring:Roles:Dispatcher"] = "false";
        settings["Unmentoring:Scheduler:CheckinInterval"] = "00:00:02";
        settings["Unmentoring:Scheduler:CheckinMisfireThreshold"] = "00:00:04";

        // So that it is the trigger, not the SQLite catch-up, that runs the round here.
        settings["Unmentoring:Scheduler:CatchUpWithin"] = "00:00:00";
        using var host = UnmentoringHost.Build(new CliContext(new StringWriter(), new StringWriter(), settings, TimeProvider.System));
        host.Checked();
        await StorageServices.PrepareDatabaseAsync(host.Services, default);
        var store = new Unmentoring.Participants.ParticipantStore(db.Database, TimeProvider.System);
        foreach (var i in Enumerable.Range(0, 4))
        {
            await store.AddAsync(Storage.ParticipantStoreTests.ActiveParticipant($"p{i}@org{i}.example"));
        }

        await host.StartAsync();
        var period = Period.Of(DateOnly.FromDateTime(DateTime.UtcNow));
        var rounds = host.Services.GetRequiredService<RoundReports>();
        RoundReport? round = null;
        for (var attempt = 0; attempt < 100 && round is null; attempt++)
        {
            await Task.Delay(200);
            round = await rounds.ShowAsync(period) ?? await rounds.ShowAsync(period.AddMonths(1));
        }

        await host.StopAsync();
        Assert.NotNull(round);
        Assert.Equal(2, round.Groups.Count);
        await using var connection = await db.Database.OpenAsync();
        Assert.Equal(1, await connection.ScalarAsync<long>("SELECT count(*) FROM rounds", null, default));
        Assert.Equal("scheduler", await connection.ScalarAsync<string>("SELECT actor FROM audit_log WHERE action = 'round.planned'", null, default));
    }

    [SkippableFact]
    public async Task Host_WithTheSchedulerRole_KeepsTheClockItWasGiven_AndQuartzRunsOnIt()
    {
        await using var db = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var settings = db.Settings;
        settings["Unmentoring:PublicBaseUrl"] = "https://unmentoring.example.org";
        settings["Unmentoring:Roles:Scheduler"] = "true";

        using var host = UnmentoringHost.Build(new CliContext(new StringWriter(), new StringWriter(), settings, clock));
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        Assert.Same(clock, host.Services.GetRequiredService<TimeProvider>());
        Assert.Same(clock, scheduler.TimeProvider);
    }

    [Theory]
    [InlineData("Europe/London", "2026-11-30T23:30:00Z", "2026-11-30")]
    [InlineData("Pacific/Auckland", "2026-11-30T23:30:00Z", "2026-12-01")]
    [InlineData("America/New_York", "2026-12-01T03:00:00Z", "2026-11-30")]
    public void RoundDate_FireTime_IsTheDayInTheRulesZone(string zone, string fireTime, string expected)
    {
        var rules = new SchemeRules { TimeZone = zone };

        var date = RoundScheduling.RoundDate(rules, DateTimeOffset.Parse(fireTime, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), date);
    }

    private static RoundScheduleKeeper Keeper(ServiceHost service, TimeProvider time) => new(
        service.Get<ISchedulerFactory>(),
        service.Get<RulesStore>(),
        service.Rounds,
        service.Get<RoundStore>(),
        service.Database.Database,
        Options.Create(new SchedulerOptions()),
        time,
        NullLogger<RoundScheduleKeeper>.Instance);
}
