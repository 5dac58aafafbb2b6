using Microsoft.Extensions.DependencyInjection;
using Unmentoring.Participants;
using Unmentoring.Rounds;
using Unmentoring.Storage;
using Unmentoring.Tests.Support;
using Unmentoring.Tests.Web;

namespace Unmentoring.Tests.Organisers;

/// <summary>
/// The round page's store reads a page of people without sorting the whole round: whatever the page size,
/// filter or page, it must give what one plain query over the whole round gives.
/// </summary>
public sealed class RoundPeopleStoreTests
{
    private static readonly Period November = Period.Parse("2026-11");

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task PageAsync_AnyPageSizeOrFilter_GivesThePlainQuerysOrderAndCount(string provider)
    {
        await using var app = await WebApp.StartAsync(provider);
        await ParticipantPeople.AddManyAsync(app, 9);
        for (var i = 0; i < 4; i++)
        {
            await ParticipantPeople.AddAsync(app, $"Paused {i}", $"paused{i}@elsewhere{i}.example", $"Elsewhere {i}", ParticipantStatus.Paused, new DateOnly(2027, 6, 1));
        }

        await app.Services.GetRequiredService<RoundService>().RunAsync(November);
        var round = (await app.Services.GetRequiredService<RoundStore>().FindAsync(November))!;
        var store = app.Services.GetRequiredService<RoundPeopleStore>();

        foreach (var (outcome, who) in new[] { (null, null), ("paired", null), ("paused", null), ("satOut", null), (null, "PERSON00"), ("paused", "paused") })
        {
            var expected = await PlainOrderAsync(app.Database.Database, round.Id, outcome, who);
            for (var size = 1; size <= 5; size++)
            {
                var seen = new List<(long, int?, string)>();
                for (var page = 1; page <= expected.Count / size + 2; page++)
                {
                    var (people, total) = await store.PageAsync(round.Id, new RoundPeopleQuery(outcome, who, page, size), default);
                    Assert.Equal(expected.Count, total);
                    Assert.True(people.Count <= size);
                    seen.AddRange(people.Select(p => (p.ParticipantId, p.GroupNumber, p.Outcome)));
                }

                Assert.Equal(expected, seen);
            }
        }
    }

    [Theory]
    [InlineData("Postgres")]
    [InlineData("Sqlite")]
    public void RepeatCount_NamesTheConditionOfItsPartialIndex_WordForWord(string provider)
    {
        // A reworded reason would leave the index unused, silently: a new migration must follow the new words.
        var migration = Migrator.For(Enum.Parse<DatabaseProvider>(provider)).Single(m => m.Name == "0025_organiser_page_counts.sql");

        Assert.Contains($"WHERE {RoundPeopleStore.RepeatCondition};", migration.Sql, StringComparison.Ordinal);
    }

    /// <summary>The order the round page lists people in, by one query over the whole round: group members in group order, then the rest.</summary>
    private static async Task<List<(long, int?, string)>> PlainOrderAsync(Database database, long roundId, string? outcome, string? who)
    {
        await using var session = await database.SessionAsync(null, default);
        var rows = await session.QueryAsync<PlainRow>(
            """
            SELECT o.participant_id, m.group_number, o.outcome
            FROM round_outcomes o
            JOIN participants p ON p.id = o.participant_id
            LEFT JOIN group_members m ON m.round_id = o.round_id AND m.participant_id = o.participant_id
            WHERE o.round_id = @roundId AND (@outcome IS NULL OR o.outcome = @outcome) AND (@who IS NULL OR lower(p.email) LIKE @who OR lower(p.name) LIKE @who)
            ORDER BY CASE WHEN m.group_number IS NULL THEN 1 ELSE 0 END, m.group_number, o.participant_id
            """,
            new { roundId, outcome, who = who is null ? null : "%" + who.ToLowerInvariant() + "%" });
        return rows.Select(r => (r.ParticipantId, r.GroupNumber, r.Outcome)).ToList();
    }

    private sealed class PlainRow
    {
        public long ParticipantId { get; set; }

        public int? GroupNumber { get; set; }

        public string Outcome { get; set; } = "";
    }
}
