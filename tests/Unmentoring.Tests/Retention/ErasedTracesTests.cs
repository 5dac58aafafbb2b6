using Unmentoring.Rounds;
using Unmentoring.Storage;
using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Retention;

public sealed class ErasedTracesTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Erase_ClearsExclusionReasonsAndAuditEntriesThatNameThePerson_AndNothingElse(string provider)
    {
        await using var service = await ServiceHost.StartAsync(provider);
        var people = await service.AddPeopleAsync(3);
        await using (var connection = await service.Database.Database.OpenAsync())
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO exclusions (participant_a, participant_b, reason, created_by, created_at) VALUES (@a, @b, 'Person 0 and Person 1 are married', 'test', @now);
                INSERT INTO exclusions (participant_a, participant_b, reason, created_by, created_at) VALUES (@b, @c, 'Same team', 'test', @now);
                INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (@now, 'organiser', 'participant.noted', @email, 'asked to pause');
                INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (@now, 'organiser', 'participant.noted', 'someone', @upper);
                INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (@now, 'organiser', 'participant.noted', @other, 'kept');
                """,
                null,
                default,
                ("a", people[0].Id),
                ("b", people[1].Id),
                ("c", people[2].Id),
                ("now", DateTime.UtcNow),
                ("email", people[0].Email),
                ("upper", "wrote from " + people[0].Email!.ToUpperInvariant()),
                ("other", people[2].Email));
        }

        Assert.True(await service.Participants.EraseAsync(people[0].Id));

        await using var check = await service.Database.Database.OpenAsync();
        Assert.Null(await check.ScalarAsync<string>("SELECT reason FROM exclusions WHERE participant_a = @a", null, default, ("a", people[0].Id)));
        Assert.Equal("Same team", await check.ScalarAsync<string>("SELECT reason FROM exclusions WHERE participant_a = @b", null, default, ("b", people[1].Id)));
        Assert.Equal(0, await check.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE lower(subject) LIKE '%person0@%' OR lower(detail) LIKE '%person0@%'", null, default));
        Assert.Equal(1, await check.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE subject = @other AND detail = 'kept'", null, default, ("other", people[2].Email)));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Erase_OrganisersSeeTheRoundWithTheErasedPersonMarkedByPublicIdOnly(string provider)
    {
        await using var service = await ServiceHost.StartAsync(provider);
        var people = await service.AddPeopleAsync(4);
        var round = (await service.Rounds.RunAsync(new Period(2026, 11), new DateOnly(2026, 11, 2))).Round;

        Assert.True(await service.Participants.EraseAsync(people[0].Id));

        var labels = await service.Get<RoundStore>().LabelsAsync(round.Id);
        Assert.Equal(4, labels.Count);
        Assert.Equal("erased:" + people[0].PublicId, labels[people[0].Id]);
        Assert.All(people.Skip(1), p => Assert.Equal(p.Email, labels[p.Id]));
        Assert.DoesNotContain(labels.Values, l => l.Contains(people[0].Email!, StringComparison.OrdinalIgnoreCase));
    }
}
