using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Unmentoring.Participants;
using Unmentoring.Rounds;
using Unmentoring.Storage;
using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Rounds;

/// <summary>A generated scheme: who is in it, in what state, and the rules, for the round's invariants.</summary>
public sealed record Scheme(IReadOnlyList<Member> Members, bool SitOut, int Window, bool Approval)
{
    public override string ToString() =>
        $"{Members.Count} members, sitOut={SitOut}, window={Window}, approval={Approval}: " + string.Join("; ", Members.Select(m => m.ToString()));
}

public sealed record Member(int Organisation, string Status, int CadenceMonths, bool SkipsDecember);

public static class SchemeGenerators
{
    public static Arbitrary<Scheme> Schemes()
    {
        var member =
            from organisation in Gen.Choose(0, 5)
            from status in Gen.Frequency((6, Gen.Constant("active")), (1, Gen.Constant("pausedLong")), (1, Gen.Constant("pausedEnded")), (1, Gen.Constant("unsubscribed")), (1, Gen.Constant("pending")))
            from cadence in Gen.Elements(1, 1, 1, 2, 3)
            from skips in Gen.Frequency((9, Gen.Constant(false)), (1, Gen.Constant(true)))
            select new Member(organisation, status, cadence, skips);
        var scheme =
            from count in Gen.Choose(0, 24)
            from members in Gen.ListOf(member, count)
            from sitOut in Gen.Elements(true, false)
            from window in Gen.Elements(0, 1, 12)
            from approval in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
            select new Scheme(members.ToList(), sitOut, window, approval);
        return scheme.ToArbitrary();
    }
}

/// <summary>What every round must be, whatever the people and rules: checked on generated schemes over three months.</summary>
[Properties(Arbitrary = [typeof(SchemeGenerators)], MaxTest = 25)]
public sealed class RoundProperties
{
    [Property]
    public Property EveryRoundAccountsForEveryoneOnceAndEmailsEachPersonConcerned(Scheme scheme) =>
        Check(scheme).Label(scheme.ToString());

    private static bool Check(Scheme scheme) => CheckAsync(scheme).GetAwaiter().GetResult();

    private static async Task<bool> CheckAsync(Scheme scheme)
    {
        await using var service = await ServiceHost.StartAsync(TestDatabase.Sqlite);
        var rules = service.Get<RulesStore>();
        var current = await rules.CurrentAsync();
        await rules.SaveAsync(
            current.Rules.Set("oddPolicy", scheme.SitOut ? "sitOut" : "trio").Set("repeatWindowRounds", scheme.Window.ToString(System.Globalization.CultureInfo.InvariantCulture)).Set("requireApproval", scheme.Approval ? "true" : "false"),
            "test",
            "generated",
            current.Version);
        var people = await service.AddPeopleAsync(scheme.Members.Count, (i, p) =>
        {
            var m = scheme.Members[i];
            return p with
            {
                Organisation = $"Organisation {m.Organisation}",
                Cadence = m.CadenceMonths switch { 2 => Cadence.TwoMonthly, 3 => Cadence.Quarterly, _ => Cadence.Monthly },
                SkipPeriod = m.SkipsDecember ? "2026-12" : null,
                Status = m.Status == "pending" ? ParticipantStatus.Pending : ParticipantStatus.Active,
                ConfirmedAt = m.Status == "pending" ? null : p.ConfirmedAt,
            };
        });
        for (var i = 0; i < people.Count; i++)
        {
            switch (scheme.Members[i].Status)
            {
                case "pausedLong":
                    await service.Participants.ChangeStatusAsync(people[i].Id, ParticipantStatus.Paused, new DateOnly(2027, 6, 1));
                    break;
                case "pausedEnded":
                    await service.Participants.ChangeStatusAsync(people[i].Id, ParticipantStatus.Paused, new DateOnly(2026, 11, 15));
                    break;
                case "unsubscribed":
                    await service.Participants.ChangeStatusAsync(people[i].Id, ParticipantStatus.Unsubscribed);
                    break;
            }
        }

        var confirmed = people.Where((p, i) => scheme.Members[i].Status is not ("pending" or "unsubscribed")).Select(p => p.Id).ToHashSet();
        var organisation = people.ToDictionary(p => p.Id, p => p.Organisation);
        foreach (var period in new[] { new Period(2026, 11), new Period(2026, 12), new Period(2027, 1) })
        {
            var round = (await service.Rounds.RunAsync(period, period.FirstDay.AddDays(6))).Round;
            var grouped = round.Groups.SelectMany(g => g).ToList();
            var outcomes = round.Outcomes.ToDictionary(o => o.ParticipantId);
            var engineOutcomes = round.Outcomes.Count(o => o.Outcome is RoundOutcome.Paired or RoundOutcome.SatOut or RoundOutcome.Unmatched);
            await using var connection = await service.Database.Database.OpenAsync();
            var emails = await connection.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE round_id = @r", null, default, ("r", round.Id));
            var held = await connection.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE round_id = @r AND state = 'held'", null, default, ("r", round.Id));
            var ok =
                round.Outcomes.Count == outcomes.Count
                && outcomes.Keys.ToHashSet().SetEquals(confirmed)
                && grouped.Count == grouped.Distinct().Count()
                && round.Groups.All(g => g.Count is 2 or 3)
                && round.Groups.All(g => g.Select(id => organisation[id]).Distinct().Count() == g.Count)
                && grouped.All(id => outcomes[id].Outcome == RoundOutcome.Paired)
                && outcomes.Values.Where(o => o.Outcome == RoundOutcome.Paired).All(o => grouped.Contains(o.ParticipantId))
                && outcomes.Values.All(o => !string.IsNullOrWhiteSpace(o.Reason))
                && (scheme.SitOut || !outcomes.Values.Any(o => o.Outcome == RoundOutcome.SatOut) || round.Groups.All(g => g.Count == 2))
                && emails == engineOutcomes
                && held == (scheme.Approval ? emails : 0)
                && (await service.Reports.ReplayAsync(period))!.Identical;
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
