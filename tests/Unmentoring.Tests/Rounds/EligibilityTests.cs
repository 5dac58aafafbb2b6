using Microsoft.Extensions.Time.Testing;
using Unmentoring.Participants;
using Unmentoring.Rounds;
using Unmentoring.Storage;
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
        var eligible = (await store.ListForRoundAsync())
            .Where(p => RoundOutcomes.NotTakingPart(p, Period.Of(roundDate), roundDate, lastPaired: null) is null)
            .ToList();

        Assert.Equal(new[] { active.Id, pauseEnded.Id, pauseEndsThatDay.Id }, eligible.Select(p => p.Id));
        Assert.DoesNotContain(pending.Id, eligible.Select(p => p.Id));
    }

    /// <summary>
    /// A round reads only some columns of everyone confirmed, streamed (<see cref="ParticipantStore.ListForRoundAsync"/>):
    /// the same people in the same order as the whole rows say, each with the same values, whichever of the
    /// values a round reads is set or empty.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ListForRound_EveryoneConfirmed_ReadsWhatTheirWholeRowSays(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var store = new ParticipantStore(db.Database, new FakeTimeProvider(Now));
        var plain = await store.AddAsync(ParticipantStoreTests.ActiveParticipant("plain@a.example"));
        var monthly = await store.AddAsync(ParticipantStoreTests.ActiveParticipant("monthly@b.example") with { Cadence = Cadence.Monthly, Organisation = null });
        var quarterly = await store.AddAsync(ParticipantStoreTests.ActiveParticipant("quarterly@c.example") with { Cadence = Cadence.Quarterly, SkipPeriod = "2026-12" });
        var paused = await store.AddAsync(ParticipantStoreTests.ActiveParticipant("paused@d.example"));
        var bounced = await store.AddAsync(ParticipantStoreTests.ActiveParticipant("bounced@e.example"));
        await store.AddAsync(ParticipantStoreTests.ActiveParticipant("pending@f.example") with { Status = ParticipantStatus.Pending, ConfirmedAt = null });
        Assert.True(await store.ChangeStatusAsync(paused.Id, ParticipantStatus.Paused, new DateOnly(2027, 2, 3)));
        var bouncedAt = Now.UtcDateTime.AddDays(-3);
        await using (var connection = await db.Database.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE participants SET undeliverable_at = @at WHERE id = @id", null, default, ("at", bouncedAt), ("id", bounced.Id));
        }

        var forRound = await store.ListForRoundAsync();

        var whole = (await store.ListConfirmedAsync())
            .Select(p => new RoundParticipant(p.Id, p.PublicId, p.Email, p.Organisation, p.Cadence, p.Status, p.PausedUntil, p.SkipPeriod, p.UndeliverableAt))
            .ToList();
        Assert.Equal(whole, forRound);
        Assert.Equal(new[] { plain.Id, monthly.Id, quarterly.Id, paused.Id, bounced.Id }, forRound.Select(p => p.Id));
        Assert.Null(forRound[1].Organisation);
        Assert.Equal("2026-12", forRound[2].SkipPeriod);
        Assert.Equal(new DateOnly(2027, 2, 3), forRound[3].PausedUntil);
        Assert.Equal(bouncedAt, forRound[4].UndeliverableAt);
        Assert.Equal(DateTimeKind.Utc, forRound[4].UndeliverableAt!.Value.Kind);
    }
}
