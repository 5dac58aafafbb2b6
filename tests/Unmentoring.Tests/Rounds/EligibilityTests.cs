using Microsoft.Extensions.Time.Testing;
using Unmentoring.Participants;
using Unmentoring.Rounds;
using Unmentoring.Tests.Storage;
using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Rounds;

/// <summary>Who a round gives to the pairing engine: the stored participants through <see cref="RoundOutcomes.NotTakingPart"/>, as <see cref="RoundPlanner"/> does.</summary>
public sealed class EligibilityTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 30, 0, TimeSpan.Zero);

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TakingPart_OnADate_HasActiveAndEndedPausesOnly(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var time = new FakeTimeProvider(Now);
        var store = new ParticipantStore(db.Database, time);
        var active = await store.AddAsync(ParticipantStoreTests.ActiveParticipant("active@a.example"));
        var pending = await store.AddAsync(ParticipantStoreTests.ActiveParticipant("pending@b.example") with { Status = ParticipantStatus.Pending, ConfirmedAt = null });
        var pauseEnded = await store.AddAsync(ParticipantStoreTests.ActiveParticipant("ended@c.example"));
        var pauseOngoing = await store.AddAsync(ParticipantStoreTests.ActiveParticipant("ongoing@d.example"));
        var pauseEndsThatDay = await store.AddAsync(ParticipantStoreTests.ActiveParticipant("today@e.example"));
        var unsubscribed = await store.AddAsync(ParticipantStoreTests.ActiveParticipant("gone@f.example"));
        var roundDate = new DateOnly(2026, 12, 7);
        Assert.True(await store.ChangeStatusAsync(pauseEnded.Id, ParticipantStatus.Paused, new DateOnly(2026, 12, 1)));
        Assert.True(await store.ChangeStatusAsync(pauseOngoing.Id, ParticipantStatus.Paused, new DateOnly(2027, 2, 3)));
        Assert.True(await store.ChangeStatusAsync(pauseEndsThatDay.Id, ParticipantStatus.Paused, roundDate));
        Assert.True(await store.ChangeStatusAsync(unsubscribed.Id, ParticipantStatus.Unsubscribed));

        // As a round decides: everyone confirmed who has not left, less those not taking part on its date.
        var eligible = (await store.ListConfirmedAsync())
            .Where(p => RoundOutcomes.NotTakingPart(p, Period.Of(roundDate), roundDate, lastPaired: null) is null)
            .ToList();

        Assert.Equal(new[] { active.Id, pauseEnded.Id, pauseEndsThatDay.Id }, eligible.Select(p => p.Id));
        Assert.DoesNotContain(pending.Id, eligible.Select(p => p.Id));
    }
}
