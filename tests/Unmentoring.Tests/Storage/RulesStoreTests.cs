using System.Data.Common;
using Unmentoring.Rounds;
using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Storage;

public sealed class RulesStoreTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Current_NothingSetYet_IsTheDefaultsAsVersionOne(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var store = new RulesStore(db.Database, TimeProvider.System);

        var current = await store.CurrentAsync();

        Assert.Equal(1, current.Version);
        Assert.Equal(new SchemeRules(), current.Rules);
        Assert.Equal(12, current.Rules.RepeatWindowRounds);
        Assert.Equal("trio", current.Rules.OddPolicy);
        Assert.Equal("Europe/London", current.Rules.TimeZone);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Save_AChange_IsANewVersionWithWhoAndWhat(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var store = new RulesStore(db.Database, TimeProvider.System);
        var first = await store.CurrentAsync();

        var saved = await store.SaveAsync(first.Rules.Set("repeatWindowRounds", "6"), "organiser@example.org", "repeatWindowRounds=6", first.Version);

        var current = await store.CurrentAsync();
        Assert.Equal(2, current.Version);
        Assert.Equal(6, current.Rules.RepeatWindowRounds);
        Assert.Equal("organiser@example.org", current.ChangedBy);
        Assert.Equal(saved, current);
        Assert.Equal(12, (await store.FindAsync(1))!.Rules.RepeatWindowRounds);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Save_TwoChangesFromTheSameVersion_OnlyOneWins(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var store = new RulesStore(db.Database, TimeProvider.System);
        var first = await store.CurrentAsync();

        await store.SaveAsync(first.Rules.Set("oddPolicy", "sitOut"), "one", "oddPolicy=sitOut", first.Version);

        await Assert.ThrowsAnyAsync<DbException>(() => store.SaveAsync(first.Rules.Set("relaxRepeats", "false"), "two", "relaxRepeats=false", first.Version));
        Assert.Equal("sitOut", (await store.CurrentAsync()).Rules.OddPolicy);
    }

    [Theory]
    [InlineData("repeatWindowRounds", "-1", "repeatWindowRounds must be a whole number from 0 to 1000")]
    [InlineData("oddPolicy", "pair", "oddPolicy must be trio or sitOut")]
    [InlineData("relaxRepeats", "maybe", "relaxRepeats must be true or false")]
    [InlineData("scheduleCron", "every monday", "scheduleCron must be a Quartz cron expression")]
    [InlineData("timeZone", "Mars/Olympus", "timeZone must be a time zone name such as Europe/London")]
    [InlineData("colour", "red", "There is no rule called 'colour'")]
    public void Set_BadValue_SaysWhatIsAllowed(string key, string value, string message)
    {
        var ex = Assert.Throws<ArgumentException>(() => new SchemeRules().Set(key, value));

        Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
    }
}
