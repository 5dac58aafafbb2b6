using Microsoft.Extensions.Time.Testing;
using Unmentoring.Participants;
using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Storage;

/// <summary>The same specification runs against SQLite and PostgreSQL.</summary>
public sealed class ParticipantStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 30, 0, TimeSpan.Zero);

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task FindByEmail_DifferentCase_FindsTheParticipant(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var store = new ParticipantStore(db.Database, new FakeTimeProvider(Now));
        var added = await store.AddAsync(ActiveParticipant("Ada.Lovelace@Example.GOV.uk"));

        var found = await store.FindByEmailAsync("ada.lovelace@example.gov.uk");

        Assert.NotNull(found);
        Assert.Equal(added.Id, found.Id);
        Assert.Equal("Ada.Lovelace@Example.GOV.uk", found.Email);
        Assert.Equal(Now.UtcDateTime, found.CreatedAt);
        Assert.Equal(DateTimeKind.Utc, found.CreatedAt.Kind);
        Assert.Equal("Ada", found.Name);
        Assert.Equal(Cadence.TwoMonthly, found.Cadence);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Add_SameEmailInAnotherCase_IsRejectedAsDuplicate(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var store = new ParticipantStore(db.Database, TimeProvider.System);
        await store.AddAsync(ActiveParticipant("grace@example.org"));

        await Assert.ThrowsAsync<DuplicateEmailException>(() => store.AddAsync(ActiveParticipant("GRACE@example.org")));

        Assert.Single(await store.ListAsync());
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task FindByEmail_UnknownAddress_ReturnsNull(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var store = new ParticipantStore(db.Database, TimeProvider.System);

        Assert.Null(await store.FindByEmailAsync("nobody@example.org"));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ChangeStatus_ToActive_RecordsConfirmationTimeOnce(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var time = new FakeTimeProvider(Now);
        var store = new ParticipantStore(db.Database, time);
        var pending = await store.AddAsync(ActiveParticipant("new@example.org") with { Status = ParticipantStatus.Pending, ConfirmedAt = null });

        time.Advance(TimeSpan.FromHours(2));
        Assert.True(await store.ChangeStatusAsync(pending.Id, ParticipantStatus.Active));
        time.Advance(TimeSpan.FromDays(3));
        Assert.True(await store.ChangeStatusAsync(pending.Id, ParticipantStatus.Paused, new DateOnly(2027, 1, 1)));
        Assert.True(await store.ChangeStatusAsync(pending.Id, ParticipantStatus.Active));

        var found = await store.FindAsync(pending.Id);
        Assert.Equal(ParticipantStatus.Active, found!.Status);
        Assert.Null(found.PausedUntil);
        Assert.Equal(Now.UtcDateTime.AddHours(2), found.ConfirmedAt);
        Assert.Equal(Now.UtcDateTime.AddHours(2).AddDays(3), found.UpdatedAt);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ChangeStatus_UnknownParticipant_ReturnsFalse(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var store = new ParticipantStore(db.Database, TimeProvider.System);

        Assert.False(await store.ChangeStatusAsync(424242, ParticipantStatus.Unsubscribed));
    }

    [Fact]
    public async Task ChangeStatus_PauseWithoutDate_IsRefused()
    {
        await using var db = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        var store = new ParticipantStore(db.Database, TimeProvider.System);

        await Assert.ThrowsAsync<ArgumentException>(() => store.ChangeStatusAsync(1, ParticipantStatus.Paused));
        await Assert.ThrowsAsync<ArgumentException>(() => store.ChangeStatusAsync(1, ParticipantStatus.Active, new DateOnly(2027, 1, 1)));
    }

    internal static Participant ActiveParticipant(string email) => new()
    {
        PublicId = "",
        Email = email,
        Name = email.Split('@')[0].Split('.')[0] switch { var n => char.ToUpperInvariant(n[0]) + n[1..] },
        Organisation = email.Split('@')[1],
        Role = "Service designer",
        Intro = "I work on housing services.",
        Cadence = Cadence.TwoMonthly,
        Status = ParticipantStatus.Active,
        ConsentBasis = "form",
        ConsentTextVersion = "2026-11",
        ConsentAt = Now.UtcDateTime,
        ConfirmedAt = Now.UtcDateTime,
    };
}
