using System.Globalization;
using Unmentoring.Feedback;
using Unmentoring.Participants;
using Unmentoring.Rounds;
using Unmentoring.Storage;

namespace Unmentoring.Tests.Reports;

/// <summary>
/// A small scheme written straight into the tables, so every figure of the report can be worked out by hand:
/// eleven people over four months and three rounds with people who met, didn't, couldn't (with reasons), sat
/// out, were paused (for silence and by choice), skipped, were not due or bounced, joined and left. The figures
/// it must give are the constants below; the comments say where each comes from.
/// </summary>
internal static class ReportScene
{
    // Rounds: period, eligible, paired, satOut, unmatched, paused (total/silence/choice), notDue, skipped, undeliverable,
    // asked, answered, response rate, answers met/notYet/couldNotMeet, reasons noReply/noTime/cancelled/notRelevant/other,
    // groups total/asked/met/couldNotMeet/notYet/noAnswer, meeting rate.
    //
    // 2026-09: groups {P0,P3} {P4,P5} {P1,P6}; P2 sat out; P7 unmatched. All six paired were asked. P0 met (the first
    // group met though P3 said nothing), P4 couldn't (no time) and P5 couldn't (no reply): the second group couldn't;
    // P1 not yet: the third group is "not yet". Answered 4 of 6; met 1 of the 3 groups heard from.
    // 2026-10: groups {P2,P3} {P4,P7}; P0 paused until a date, P1 paused for silence, P5 not due, P6 skipped. Both of the
    // first group met (one group), P4 couldn't (cancelled), P7 couldn't (other). P5 answered without being asked: not
    // counted. Answered 4 of 4; met 1 of 2.
    // 2026-11: groups {P0,P5} {P3,P4,P7}; P1 still paused for silence, P6 paused by choice, P2 undeliverable. Only P0 asked
    // so far, no answer: response 0 of 1, no group heard from, so no meeting rate.
    public static readonly string[] Rounds =
    [
        "2026-09 8 6 1 1 0/0/0 0 0 0 6 4 0.6667 1/1/2 1/1/0/0/0 3/3/1/1/1/0 0.3333",
        "2026-10 4 4 0 0 2/1/1 1 1 0 4 4 1 2/0/2 0/0/1/0/1 2/2/1/1/0/0 0.5",
        "2026-11 5 5 0 0 2/1/1 0 0 1 1 0 0 0/0/0 0/0/0/0/0 2/1/0/0/0/1 null",
    ];

    // Months in Europe/London: P0-P4 signed up and confirmed in August; P5 and P6 signed up at 23:30 UTC on 31 August,
    // which is September in London, and confirmed in September with P7; P8 signed up in September and never confirmed;
    // P9 and P10 signed up in October, P9 confirmed; P6 left and P9 deleted their data in November (P10 deleted theirs
    // without ever confirming, so is no leaver).
    public static readonly string[] Months =
    [
        "2026-08 5 5 0 5",
        "2026-09 4 3 0 8",
        "2026-10 2 1 0 9",
        "2026-11 0 0 2 7",
    ];

    // Organisations of the people paired: Leeds City Council (P0, P1, and P2 as "leeds city council "), NHS Leeds, Bristol,
    // Kent, then Camden new in October.
    public static readonly string[] Organisations = ["2026-09 4 4 4", "2026-10 4 1 5", "2026-11 5 0 5"];

    public const int OrganisationsReached = 5;

    private static readonly string[] OrganisationOf =
    [
        "Leeds City Council", "Leeds City Council", "leeds city council ", "NHS Leeds", "Bristol City Council",
        "Kent County Council", "Kent County Council", "Camden Council", "Camden Council", "Kent County Council", "Bristol City Council",
    ];

    public static async Task WriteAsync(Database database, ParticipantStore participants, RulesStore rules)
    {
        await rules.CurrentAsync();
        var people = new List<long>();
        for (var i = 0; i < OrganisationOf.Length; i++)
        {
            var added = await participants.AddAsync(new Participant
            {
                PublicId = "",
                Email = $"p{i}@report{i}.example",
                Name = $"Person {i}",
                Organisation = OrganisationOf[i],
                Status = i is 8 or 10 ? ParticipantStatus.Pending : ParticipantStatus.Active,
                ConsentBasis = "form",
                ConsentTextVersion = "test",
                ConsentAt = Utc("2026-08-01 00:00"),
            });
            people.Add(added.Id);
        }

        await using var connection = await database.OpenAsync();
        async Task Run(string sql, params (string, object?)[] parameters) => await connection.ExecuteAsync(sql, null, default, parameters);

        async Task Dates(int person, string created, string? confirmed) =>
            await Run(
                "UPDATE participants SET created_at = @created, confirmed_at = @confirmed WHERE id = @id",
                ("created", Utc(created)),
                ("confirmed", confirmed is null ? null : Utc(confirmed)),
                ("id", people[person]));

        for (var i = 0; i <= 4; i++)
        {
            await Dates(i, "2026-08-10 09:00", "2026-08-11 09:00");
        }

        await Dates(5, "2026-08-31 23:30", "2026-09-02 10:00");
        await Dates(6, "2026-08-31 23:30", "2026-09-02 10:00");
        await Dates(7, "2026-09-15 10:00", "2026-09-15 11:00");
        await Dates(8, "2026-09-20 10:00", null);
        await Dates(9, "2026-10-01 10:00", "2026-10-01 11:00");
        await Dates(10, "2026-10-10 10:00", null);

        await Run("UPDATE participants SET status = 'unsubscribed', updated_at = @at WHERE id = @id", ("at", Utc("2026-11-05 10:00")), ("id", people[6]));
        await Run("UPDATE participants SET left_at = @at WHERE id = @id", ("at", Utc("2026-11-05 10:00")), ("id", people[6]));
        await participants.EraseAsync(people[9]);
        await Run("UPDATE participants SET erased_at = @at WHERE id = @id", ("at", Utc("2026-11-20 10:00")), ("id", people[9]));
        await participants.EraseAsync(people[10]);
        await Run("UPDATE participants SET erased_at = @at WHERE id = @id", ("at", Utc("2026-10-12 10:00")), ("id", people[10]));

        const string chosenPause = "Paused until 1 December 2026.";
        var september = await RoundAsync(connection, 1, "2026-09");
        await GroupsAsync(connection, september, people, [[0, 3], [4, 5], [1, 6]]);
        await OutcomesAsync(connection, september, people, [(0, "paired"), (3, "paired"), (4, "paired"), (5, "paired"), (1, "paired"), (6, "paired"), (2, "satOut"), (7, "unmatched")], []);
        await AskAsync(connection, september, people, [0, 3, 4, 5, 1, 6]);
        await AnswerAsync(connection, september, people, (0, "met", null), (4, "couldNotMeet", "noTime"), (5, "couldNotMeet", "noReply"), (1, "notYet", null));

        var october = await RoundAsync(connection, 2, "2026-10");
        await GroupsAsync(connection, october, people, [[2, 3], [4, 7]]);
        await OutcomesAsync(
            connection,
            october,
            people,
            [(2, "paired"), (3, "paired"), (4, "paired"), (7, "paired")],
            [(0, "paused", chosenPause), (1, "paused", SilencePauses.Reason), (5, "notDue", "Takes part every 2 months; next in November 2026."), (6, "skipped", "You asked to skip the October 2026 round.")]);
        await AskAsync(connection, october, people, [2, 3, 4, 7]);
        await AnswerAsync(connection, october, people, (2, "met", null), (3, "met", null), (4, "couldNotMeet", "cancelled"), (7, "couldNotMeet", "other"), (5, "met", null));

        var november = await RoundAsync(connection, 3, "2026-11");
        await GroupsAsync(connection, november, people, [[0, 5], [3, 4, 7]]);
        await OutcomesAsync(
            connection,
            november,
            people,
            [(0, "paired"), (5, "paired"), (3, "paired"), (4, "paired"), (7, "paired")],
            [(1, "paused", SilencePauses.Reason), (6, "paused", chosenPause), (2, "undeliverable", "Emails to you could not be delivered.")]);
        await AskAsync(connection, november, people, [0]);
    }

    /// <summary>Adds <paramref name="count"/> rounds of one pair each (the first two people), for pages with many rounds.</summary>
    public static async Task WriteManyRoundsAsync(Database database, ParticipantStore participants, RulesStore rules, int count)
    {
        await rules.CurrentAsync();
        var people = new List<long>();
        for (var i = 0; i < 2; i++)
        {
            people.Add((await participants.AddAsync(new Participant
            {
                PublicId = "",
                Email = $"many{i}@many{i}.example",
                Organisation = $"Organisation {i}",
                Status = ParticipantStatus.Active,
                ConsentBasis = "form",
                ConsentTextVersion = "test",
                ConsentAt = Utc("2001-01-01 00:00"),
                ConfirmedAt = Utc("2001-01-01 00:00"),
            })).Id);
        }

        await using var connection = await database.OpenAsync();
        for (var n = 1; n <= count; n++)
        {
            var period = new Period(2001, 1).AddMonths(n - 1).ToString();
            var round = await RoundAsync(connection, n, period);
            await GroupsAsync(connection, round, people, [[0, 1]]);
            await OutcomesAsync(connection, round, people, [(0, "paired"), (1, "paired")], []);
        }
    }

    private static async Task<long> RoundAsync(System.Data.Common.DbConnection connection, int number, string period)
    {
        var day = Period.Parse(period).FirstDay.AddDays(6);
        await connection.ExecuteAsync(
            "INSERT INTO rounds (period, round_number, seed, rules_version, status, round_date, planned_at) VALUES (@period, @number, @seed, 1, 'sent', @day, @planned)",
            null,
            default,
            ("period", period),
            ("number", number),
            ("seed", (long)number),
            ("day", day),
            ("planned", DateTime.SpecifyKind(day.ToDateTime(new TimeOnly(9, 0)), DateTimeKind.Utc)));
        return await connection.ScalarAsync<long>("SELECT id FROM rounds WHERE period = @period", null, default, ("period", period));
    }

    private static async Task GroupsAsync(System.Data.Common.DbConnection connection, long round, List<long> people, int[][] groups)
    {
        for (var g = 0; g < groups.Length; g++)
        {
            await connection.ExecuteAsync(
                "INSERT INTO round_groups (round_id, group_number, arranger_id) VALUES (@round, @group, @arranger)",
                null,
                default,
                ("round", round),
                ("group", g + 1),
                ("arranger", people[groups[g][0]]));
            foreach (var member in groups[g])
            {
                await connection.ExecuteAsync(
                    "INSERT INTO group_members (round_id, group_number, participant_id) VALUES (@round, @group, @person)",
                    null,
                    default,
                    ("round", round),
                    ("group", g + 1),
                    ("person", people[member]));
            }
        }
    }

    /// <summary>Outcomes of people given to the engine (with their organisation as the engine saw it), then of the others.</summary>
    private static async Task OutcomesAsync(System.Data.Common.DbConnection connection, long round, List<long> people, (int Person, string Outcome)[] given, (int Person, string Outcome, string Reason)[] others)
    {
        foreach (var (person, outcome) in given)
        {
            await connection.ExecuteAsync(
                "INSERT INTO round_outcomes (round_id, participant_id, outcome, reason, pairing_organisation) VALUES (@round, @person, @outcome, 'as planned', @organisation)",
                null,
                default,
                ("round", round),
                ("person", people[person]),
                ("outcome", outcome),
                ("organisation", person < OrganisationOf.Length ? OrganisationOf[person] : $"Organisation {person}"));
        }

        foreach (var (person, outcome, reason) in others)
        {
            await connection.ExecuteAsync(
                "INSERT INTO round_outcomes (round_id, participant_id, outcome, reason) VALUES (@round, @person, @outcome, @reason)",
                null,
                default,
                ("round", round),
                ("person", people[person]),
                ("outcome", outcome),
                ("reason", reason));
        }
    }

    private static async Task AskAsync(System.Data.Common.DbConnection connection, long round, List<long> people, int[] asked)
    {
        foreach (var person in asked)
        {
            await connection.ExecuteAsync(
                "INSERT INTO feedback_requests (round_id, participant_id, asked_at) VALUES (@round, @person, @at)",
                null,
                default,
                ("round", round),
                ("person", people[person]),
                ("at", Utc("2026-12-01 09:00")));
        }
    }

    private static async Task AnswerAsync(System.Data.Common.DbConnection connection, long round, List<long> people, params (int Person, string Outcome, string? Reason)[] answers)
    {
        foreach (var (person, outcome, reason) in answers)
        {
            await connection.ExecuteAsync(
                "INSERT INTO feedback (round_id, participant_id, outcome, reason_code, reason, recorded_at) VALUES (@round, @person, @outcome, @code, @note, @at)",
                null,
                default,
                ("round", round),
                ("person", people[person]),
                ("outcome", outcome),
                ("code", reason),
                ("note", reason == "other" ? "Off sick" : null),
                ("at", Utc("2026-12-02 09:00")));
        }
    }

    private static DateTime Utc(string text) =>
        DateTime.SpecifyKind(DateTime.ParseExact(text, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), DateTimeKind.Utc);
}
