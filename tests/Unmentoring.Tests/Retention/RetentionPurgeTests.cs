using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using Unmentoring.Participants;
using Unmentoring.Retention;
using Unmentoring.Rounds;
using Unmentoring.Storage;
using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Retention;

/// <summary>Each retention rule removes what it should on the day it should, and nothing else.</summary>
public sealed class RetentionPurgeTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Purge_UnconfirmedSignUp_RemovedThirtyDaysAfterItsLinkExpired(string provider)
    {
        var time = new FakeTimeProvider(Start);
        await using var service = await ServiceHost.StartAsync(provider, time);
        var others = await service.AddPeopleAsync(2);
        await SignUpAsync(service, "pending@leeds.gov.uk");
        var purge = service.Get<RetentionPurge>();

        time.Advance(TokenStore.ConfirmLifetime + TimeSpan.FromDays(30) - Tick);
        var early = await purge.PurgeAsync(default);
        Assert.Equal(0, early.UnconfirmedSignUpsRemoved);
        Assert.NotNull(await service.Participants.FindByEmailAsync("pending@leeds.gov.uk"));

        time.Advance(Tick);
        var due = await purge.PurgeAsync(default);
        var again = await purge.PurgeAsync(default);

        Assert.Equal(1, due.UnconfirmedSignUpsRemoved);
        Assert.Null(await service.Participants.FindByEmailAsync("pending@leeds.gov.uk"));
        Assert.Equal(0, await CountAsync(service, "SELECT count(*) FROM tokens WHERE purpose = 'confirm'"));
        Assert.Equal(0, again.UnconfirmedSignUpsRemoved);
        await AssertUntouchedAsync(service, others);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Purge_PersonWhoLeft_ErasedNinetyDaysAfterTheyLeft(string provider)
    {
        var time = new FakeTimeProvider(Start);
        await using var service = await ServiceHost.StartAsync(provider, time);
        var people = await service.AddPeopleAsync(3);
        time.Advance(TimeSpan.FromDays(3));
        await service.Participants.ChangeStatusAsync(people[0].Id, ParticipantStatus.Unsubscribed);
        var purge = service.Get<RetentionPurge>();

        time.Advance(TimeSpan.FromDays(90) - Tick);
        Assert.Equal(0, (await purge.PurgeAsync(default)).LeaversErased);
        Assert.Equal(people[0].Email, (await service.Participants.FindAsync(people[0].Id))!.Email);

        time.Advance(Tick);
        var due = await purge.PurgeAsync(default);

        Assert.Equal(1, due.LeaversErased);
        var erased = await service.Participants.FindAsync(people[0].Id);
        Assert.Equal(ParticipantStatus.Erased, erased!.Status);
        Assert.Null(erased.Email);
        Assert.Null(erased.Name);
        Assert.Equal(people[0].PublicId, erased.PublicId);
        await AssertUntouchedAsync(service, people.Skip(1));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Purge_SentEmail_ContentRemovedNinetyDaysAfterSendingAndTheRowKept(string provider)
    {
        var time = new FakeTimeProvider(Start);

        // The sign-ups stay pending throughout: only the email rule is at work here.
        await using var service = await ServiceHost.StartAsync(provider, time, new Dictionary<string, string?> { ["Unmentoring:Retention:UnconfirmedSignUpDays"] = "3650" });
        await SignUpAsync(service, "sent@leeds.gov.uk");
        await SignUpAsync(service, "waiting@leeds.gov.uk");
        await using (var connection = await service.Database.Database.OpenAsync())
        {
            await connection.ExecuteAsync(
                "UPDATE outbox_messages SET state = 'sent', sent_at = @now, last_reply = '250 OK sent@leeds.gov.uk' WHERE recipient LIKE '%sent@%'",
                null,
                default,
                ("now", time.GetUtcNow()));
        }

        var purge = service.Get<RetentionPurge>();
        time.Advance(TimeSpan.FromDays(90) - Tick);
        Assert.Equal(0, (await purge.PurgeAsync(default)).EmailsCleared);

        time.Advance(Tick);
        var due = await purge.PurgeAsync(default);
        var again = await purge.PurgeAsync(default);

        Assert.Equal(1, due.EmailsCleared);
        Assert.Equal(0, again.EmailsCleared);
        Assert.Equal(2, await CountAsync(service, "SELECT count(*) FROM outbox_messages"));
        Assert.Equal(1, await CountAsync(service, "SELECT count(*) FROM outbox_messages WHERE state = 'sent' AND kind = 'confirmSignUp' AND sent_at IS NOT NULL"));
        Assert.Equal(0, await CountAsync(service, "SELECT count(*) FROM outbox_messages WHERE recipient LIKE '%sent@%' OR text_body LIKE '%sent@%' OR last_reply IS NOT NULL OR html_body LIKE '%sent@%'"));
        Assert.Equal(1, await CountAsync(service, "SELECT count(*) FROM outbox_messages WHERE state = 'sent' AND recipient = '(removed)' AND subject = '(removed)' AND text_body = '(removed)' AND html_body IS NULL AND headers IS NULL"));
        Assert.Equal(1, await CountAsync(service, "SELECT count(*) FROM outbox_messages WHERE recipient LIKE '%waiting@leeds.gov.uk%' AND text_body IS NOT NULL"));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Purge_Tokens_UsedAndExpiredRemovedUsableAndPendingSignUpsKept(string provider)
    {
        var time = new FakeTimeProvider(Start);
        await using var service = await ServiceHost.StartAsync(provider, time);
        var people = await service.AddPeopleAsync(1);
        await SignUpAsync(service, "pending@leeds.gov.uk");
        await using (var connection = await service.Database.Database.OpenAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            var tokens = service.Get<TokenStore>();
            var used = await tokens.IssueAsync(people[0].Id, transaction, default);
            await tokens.UseAsync(used.Id, transaction, default);
            await tokens.RecordManageLinkAsync(people[0].Id, "expires-soon", (time.GetUtcNow() + TimeSpan.FromDays(1)).UtcDateTime, transaction, default);
            await tokens.RecordManageLinkAsync(people[0].Id, "still-good", (time.GetUtcNow() + TimeSpan.FromDays(30)).UtcDateTime, transaction, default);
            await transaction.CommitAsync();
        }

        time.Advance(TimeSpan.FromDays(1));
        var report = await service.Get<RetentionPurge>().PurgeAsync(default);

        Assert.Equal(2, report.TokensRemoved);
        Assert.Equal(1, await CountAsync(service, "SELECT count(*) FROM tokens WHERE purpose = 'manage'"));
        Assert.Equal(1, await CountAsync(service, "SELECT count(*) FROM tokens WHERE purpose = 'confirm'"));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RoundAfterPurge_PeopleWhoMetAreNotPairedAgain(string provider)
    {
        var time = new FakeTimeProvider(Start);
        await using var service = await ServiceHost.StartAsync(provider, time);
        var people = await service.AddPeopleAsync(6);
        var first = await service.Rounds.RunAsync(new Period(2026, 11), new DateOnly(2026, 11, 2));
        var leaver = first.Round.Groups[0][0];
        await service.Participants.ChangeStatusAsync(leaver, ParticipantStatus.Unsubscribed);
        time.Advance(TimeSpan.FromDays(91));

        var purge = await service.Get<RetentionPurge>().PurgeAsync(default);
        var second = await service.Rounds.RunAsync(new Period(2027, 2), new DateOnly(2027, 2, 1));

        Assert.Equal(1, purge.LeaversErased);
        var met = first.Round.Groups.SelectMany(g => g.SelectMany(a => g.Where(b => b != a).Select(b => (a, b)))).ToHashSet();
        Assert.Equal(5, second.Round.Groups.Sum(g => g.Count));
        Assert.DoesNotContain(second.Round.Groups.SelectMany(g => g.SelectMany(a => g.Where(b => b != a).Select(b => (a, b)))), met.Contains);
        Assert.Empty(second.Round.Repeats);
    }

    [Fact]
    public async Task Purge_UnsubscribedDaysZero_ErasesAsThePersonLeaves()
    {
        var time = new FakeTimeProvider(Start);
        await using var service = await ServiceHost.StartAsync(TestDatabase.Sqlite, time, new Dictionary<string, string?> { ["Unmentoring:Retention:UnsubscribedDays"] = "0" });
        var people = await service.AddPeopleAsync(2);

        await service.Get<Leaving>().LeaveAsync(people[0].Id, default);

        Assert.Equal(ParticipantStatus.Erased, (await service.Participants.FindAsync(people[0].Id))!.Status);
        await AssertUntouchedAsync(service, people.Skip(1));
    }

    [Theory]
    [InlineData("Unmentoring:Retention:UnsubscribedDays", "-1", "Unmentoring:Retention:UnsubscribedDays must be a whole number of days from 0 to 3650.")]
    [InlineData("Unmentoring:Retention:PurgeSchedule", "every day", "Unmentoring:Retention:PurgeSchedule must be a Quartz cron expression")]
    [InlineData("Unmentoring:Retention:ErasureCleanupInterval", "00:00:10", "Unmentoring:Retention:ErasureCleanupInterval must be between 00:01:00 and 1.00:00:00.")]
    public void Options_Invalid_NameTheSetting(string key, string value, string message)
    {
        var o = new RetentionOptions();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();
        configuration.GetSection(RetentionOptions.Section).Bind(o);

        Assert.Contains(RetentionOptions.Check(o, RetentionOptions.Section), m => m.StartsWith(message, StringComparison.Ordinal));
    }

    private static async Task SignUpAsync(ServiceHost service, string email) =>
        await service.Get<SignUpService>().SignUpAsync(
            new SignUpRequest(email, "Pat Pending", "Leeds City Council", "Officer", null, null, "Hello.", Cadence.Monthly, "test"),
            "https://unmentoring.example.org/confirm");

    private static async Task<long> CountAsync(ServiceHost service, string sql)
    {
        await using var connection = await service.Database.Database.OpenAsync();
        return await connection.ScalarAsync<long>(sql, null, default);
    }

    private static async Task AssertUntouchedAsync(ServiceHost service, IEnumerable<Participant> people)
    {
        foreach (var person in people)
        {
            var now = await service.Participants.FindAsync(person.Id);
            Assert.Equal(person.Email, now!.Email);
            Assert.Equal(ParticipantStatus.Active, now.Status);
        }
    }
}
