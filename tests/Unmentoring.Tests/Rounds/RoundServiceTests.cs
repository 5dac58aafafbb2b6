using System.Data.Common;
using Microsoft.Extensions.Time.Testing;
using Unmentoring.Participants;
using Unmentoring.Rounds;
using Unmentoring.Storage;
using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Rounds;

public sealed class RoundServiceTests
{
    private static readonly Period December = new(2026, 12);
    private static readonly DateOnly FirstMonday = new(2026, 12, 7);

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Run_TenPeople_PairsEveryoneAndWritesOneOutcomeAndOneEmailEach(string provider)
    {
        await using var service = await ServiceHost.StartAsync(provider);
        var people = await service.AddPeopleAsync(10);

        var result = await service.Rounds.RunAsync(December, FirstMonday);

        Assert.True(result.Created);
        Assert.Equal(10, result.EmailsQueued);
        Assert.Equal(5, result.Round.Groups.Count);
        Assert.Equal(people.Select(p => p.Id).Order(), result.Round.Groups.SelectMany(g => g).Order());
        Assert.All(result.Round.Outcomes, o => Assert.Equal(RoundOutcome.Paired, o.Outcome));
        Assert.Equal("approved", result.Round.Status);
        await using var connection = await service.Database.Database.OpenAsync();
        Assert.Equal(10, await connection.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE kind = 'introduction' AND state = 'pending'", null, default));
        Assert.Equal(10, await connection.ScalarAsync<long>("SELECT count(DISTINCT participant_id) FROM outbox_messages", null, default));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Run_SamePeriodTwice_SecondRunReportsTheFirstRound(string provider)
    {
        await using var service = await ServiceHost.StartAsync(provider);
        await service.AddPeopleAsync(7);

        var first = await service.Rounds.RunAsync(December, FirstMonday);
        var second = await service.Rounds.RunAsync(December, FirstMonday);

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(first.Round.Id, second.Round.Id);
        Assert.Equal(first.Round.Seed, second.Round.Seed);
        await AssertCountsAsync(service, rounds: 1, outcomes: 7, emails: 7);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Run_FromSeveralThreadsAtOnce_CreatesOneRound(string provider)
    {
        await using var service = await ServiceHost.StartAsync(provider);
        await service.AddPeopleAsync(20);

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => service.Rounds.RunAsync(December, FirstMonday))));

        Assert.Single(results, r => r.Created);
        Assert.Single(results.Select(r => r.Round.Id).Distinct());
        await AssertCountsAsync(service, rounds: 1, outcomes: 20, emails: 20);
    }

    public static TheoryData<string, string> CrashPoints()
    {
        var data = new TheoryData<string, string>();
        foreach (var provider in new[] { TestDatabase.Sqlite, TestDatabase.Postgres })
        {
            foreach (var step in RoundService.Steps)
            {
                data.Add(provider, step);
            }
        }

        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(CrashPoints))]
    public async Task Run_CrashAfterAnyStep_LeavesNothingThenARetryWritesItAll(string provider, string step)
    {
        await using var service = await ServiceHost.StartAsync(provider);
        await service.AddPeopleAsync(9);
        var rounds = service.Rounds;
        rounds.AfterStep = s => s == step ? throw new SimulatedCrashException(s) : Task.CompletedTask;

        await Assert.ThrowsAsync<SimulatedCrashException>(() => rounds.RunAsync(December, FirstMonday));

        await AssertCountsAsync(service, rounds: 0, outcomes: 0, emails: 0, groups: 0, members: 0);
        rounds.AfterStep = null;
        var retry = await rounds.RunAsync(December, FirstMonday);
        Assert.True(retry.Created);
        await AssertCountsAsync(service, rounds: 1, outcomes: 9, emails: 9, groups: 4, members: 9);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Replay_AfterPeopleChangeAndNewExclusions_GivesTheIdenticalPlan(string provider)
    {
        await using var service = await ServiceHost.StartAsync(provider);
        var people = await service.AddPeopleAsync(13, (i, p) => p with { Organisation = $"Organisation {i % 4}" });
        await service.Rounds.RunAsync(new Period(2026, 11), new DateOnly(2026, 11, 2));
        var december = await service.Rounds.RunAsync(December, FirstMonday);

        // What changes after a round must not change its replay.
        await using (var connection = await service.Database.Database.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE participants SET organisation = 'Somewhere new'", null, default);
            await connection.ExecuteAsync("INSERT INTO exclusions (participant_a, participant_b, created_by, created_at) VALUES (@a, @b, 'test', @now)", null, default, ("a", people[0].Id), ("b", people[1].Id), ("now", DateTime.UtcNow));
        }

        var replay = await service.Reports.ReplayAsync(December);

        Assert.NotNull(replay);
        Assert.True(replay.Identical, string.Join("\n", replay.Differences));
        Assert.Equal(december.Round.Seed, replay.Recomputed.Seed);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Replay_StoredGroupsTamperedWith_ReportsTheDifference(string provider)
    {
        await using var service = await ServiceHost.StartAsync(provider);
        await service.AddPeopleAsync(6);
        var round = await service.Rounds.RunAsync(December, FirstMonday);
        var (a, b) = (round.Round.Groups[0][1], round.Round.Groups[1][1]);
        await using (var connection = await service.Database.Database.OpenAsync())
        {
            // Swap two people between groups behind the service's back. PostgreSQL refuses to change a written
            // membership (migration 0007), so the tamperer, like a superuser, switches the triggers off first.
            if (provider == TestDatabase.Postgres)
            {
                await connection.ExecuteAsync("SET session_replication_role = replica", null, default);
            }

            await connection.ExecuteAsync("INSERT INTO round_groups (round_id, group_number, arranger_id) VALUES (@r, 99, @a)", null, default, ("r", round.Round.Id), ("a", a));
            await connection.ExecuteAsync("UPDATE group_members SET group_number = 99 WHERE participant_id = @a", null, default, ("a", a));
            await connection.ExecuteAsync("UPDATE group_members SET group_number = 99 WHERE participant_id = @b", null, default, ("b", b));
            if (provider == TestDatabase.Postgres)
            {
                await connection.ExecuteAsync("SET session_replication_role = origin", null, default);
            }
        }

        var replay = await service.Reports.ReplayAsync(December);

        Assert.False(replay!.Identical);
        Assert.Contains(replay.Differences, d => d.StartsWith("stored group", StringComparison.Ordinal));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Run_WithApprovalRequired_HoldsEmailsUntilApproved(string provider)
    {
        await using var service = await ServiceHost.StartAsync(provider);
        await service.AddPeopleAsync(4);
        var rules = service.Get<RulesStore>();
        var current = await rules.CurrentAsync();
        await rules.SaveAsync(current.Rules.Set("requireApproval", "true"), "organiser", "requireApproval=true", current.Version);

        var run = await service.Rounds.RunAsync(December, FirstMonday);

        Assert.Equal("planned", run.Round.Status);
        await using var connection = await service.Database.Database.OpenAsync();
        Assert.Equal(4, await connection.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE state = 'held'", null, default));
        var approval = await service.Rounds.ApproveAsync(December, "organiser@example.org");
        Assert.Equal((true, true, 4), approval);
        Assert.Equal(4, await connection.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE state = 'pending'", null, default));
        Assert.Equal("approved", (await service.Reports.ShowAsync(December))!.Status);
        Assert.Equal((true, false, 0), await service.Rounds.ApproveAsync(December, "organiser@example.org"));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Run_EveryoneNotTakingPart_GetsAnOutcomeWithTheirReason(string provider)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 10, 1, 9, 0, 0, TimeSpan.Zero));
        await using var service = await ServiceHost.StartAsync(provider, time);
        var people = await service.AddPeopleAsync(12, (i, p) => i switch
        {
            0 => p with { Cadence = Cadence.TwoMonthly },
            1 => p with { Cadence = Cadence.Quarterly },
            2 => p with { SkipPeriod = "2026-12" },
            _ => p,
        });
        await service.Participants.ChangeStatusAsync(people[3].Id, ParticipantStatus.Paused, new DateOnly(2027, 2, 3));
        await service.Participants.ChangeStatusAsync(people[4].Id, ParticipantStatus.Paused, new DateOnly(2026, 12, 7));
        await service.Participants.ChangeStatusAsync(people[5].Id, ParticipantStatus.Unsubscribed);
        var pending = await service.Participants.AddAsync(people[6] with { PublicId = "", Email = "pending@new.example", Status = ParticipantStatus.Pending, ConfirmedAt = null });
        await using (var connection = await service.Database.Database.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE participants SET undeliverable_at = @now WHERE id = @id", null, default, ("now", DateTime.UtcNow), ("id", people[7].Id));
        }

        await service.Rounds.RunAsync(new Period(2026, 11), new DateOnly(2026, 11, 2));
        var december = (await service.Rounds.RunAsync(December, FirstMonday)).Round;

        var outcomes = december.Outcomes.ToDictionary(o => o.ParticipantId);
        Assert.Equal((RoundOutcome.NotDue, "Takes part every 2 months; next in January 2027."), (outcomes[people[0].Id].Outcome, outcomes[people[0].Id].Reason));
        Assert.Equal((RoundOutcome.NotDue, "Takes part every 3 months; next in February 2027."), (outcomes[people[1].Id].Outcome, outcomes[people[1].Id].Reason));
        Assert.Equal((RoundOutcome.Skipped, "You asked to skip the December 2026 round."), (outcomes[people[2].Id].Outcome, outcomes[people[2].Id].Reason));
        Assert.Equal((RoundOutcome.Paused, "Paused until 3 February 2027."), (outcomes[people[3].Id].Outcome, outcomes[people[3].Id].Reason));
        Assert.Equal(RoundOutcome.Paired, outcomes[people[4].Id].Outcome);
        Assert.DoesNotContain(people[5].Id, outcomes.Keys);
        Assert.DoesNotContain(pending.Id, outcomes.Keys);
        Assert.Equal(RoundOutcome.Undeliverable, outcomes[people[7].Id].Outcome);
        Assert.All(people.Skip(8), p => Assert.Equal(RoundOutcome.Paired, outcomes[p.Id].Outcome));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Run_OddCountWithSitOutPolicy_TheOneWhoSatOutGoesFirstNextRound(string provider)
    {
        await using var service = await ServiceHost.StartAsync(provider);
        var rules = service.Get<RulesStore>();
        var current = await rules.CurrentAsync();
        await rules.SaveAsync(current.Rules.Set("oddPolicy", "sitOut").Set("repeatWindowRounds", "0"), "organiser", "sitOut", current.Version);
        await service.AddPeopleAsync(5);

        var november = (await service.Rounds.RunAsync(new Period(2026, 11), new DateOnly(2026, 11, 2))).Round;
        var satOut = Assert.Single(november.Outcomes, o => o.Outcome == RoundOutcome.SatOut).ParticipantId;
        var december = (await service.Rounds.RunAsync(December, FirstMonday)).Round;

        Assert.Equal(RoundOutcome.Paired, december.Outcomes.Single(o => o.ParticipantId == satOut).Outcome);
        await using var connection = await service.Database.Database.OpenAsync();
        Assert.Equal(1, await connection.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE kind = 'satOut' AND participant_id = @p", null, default, ("p", satOut)));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Run_EarlierPeriodThanTheLatest_IsRefused(string provider)
    {
        await using var service = await ServiceHost.StartAsync(provider);
        await service.AddPeopleAsync(2);
        await service.Rounds.RunAsync(December, FirstMonday);

        var ex = await Assert.ThrowsAsync<RoundOrderException>(() => service.Rounds.RunAsync(new Period(2026, 11)));

        Assert.Equal("The 2026-12 round already exists; rounds go forward in time, so 2026-11 cannot be planned now.", ex.Message);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Run_TwelveMonthsInARow_NobodyMeetsTheSamePersonTwice(string provider)
    {
        await using var service = await ServiceHost.StartAsync(provider);
        await service.AddPeopleAsync(26);
        var met = new HashSet<(long, long)>();

        for (var month = 0; month < 12; month++)
        {
            var period = new Period(2026, 1).AddMonths(month);
            var round = (await service.Rounds.RunAsync(period, period.FirstDay)).Round;
            Assert.Empty(round.Repeats);
            foreach (var group in round.Groups)
            {
                Assert.Equal(2, group.Count);
                Assert.True(met.Add((Math.Min(group[0], group[1]), Math.Max(group[0], group[1]))), $"{period}: a repeat");
            }
        }
    }

    private static async Task AssertCountsAsync(ServiceHost service, int rounds, int outcomes, int emails, int? groups = null, int? members = null)
    {
        await using var connection = await service.Database.Database.OpenAsync();
        Assert.Equal(rounds, await connection.ScalarAsync<long>("SELECT count(*) FROM rounds", null, default));
        Assert.Equal(outcomes, await connection.ScalarAsync<long>("SELECT count(*) FROM round_outcomes", null, default));
        Assert.Equal(emails, await connection.ScalarAsync<long>("SELECT count(*) FROM outbox_messages", null, default));
        if (groups is not null)
        {
            Assert.Equal(groups.Value, await connection.ScalarAsync<long>("SELECT count(*) FROM round_groups", null, default));
        }

        if (members is not null)
        {
            Assert.Equal(members.Value, await connection.ScalarAsync<long>("SELECT count(*) FROM group_members", null, default));
        }

        Assert.Equal(rounds, await connection.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'round.planned'", null, default));
    }

    private sealed class SimulatedCrashException(string step) : Exception($"Simulated crash after {step}");
}
