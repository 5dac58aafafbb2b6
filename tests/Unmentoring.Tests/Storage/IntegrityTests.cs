using System.Data.Common;
using Unmentoring.Mail;
using Unmentoring.Participants;
using Unmentoring.Storage;
using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Storage;

/// <summary>Rules the database itself enforces, whatever code writes to it.</summary>
public sealed class IntegrityTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task GroupMembers_SameParticipantTwiceInOneRoundOrAnUnknownGroup_IsRejected(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var (a, b, c) = await ThreePeopleAsync(db);
        await using var connection = await db.Database.OpenAsync();
        var round = await RoundAsync(connection, "2026-12", 1);
        await GroupAsync(connection, round, 1, a);
        await GroupAsync(connection, round, 2, b);
        await MemberAsync(connection, round, 1, a);

        await Assert.ThrowsAnyAsync<DbException>(() => MemberAsync(connection, round, 2, a));
        await MemberAsync(connection, round, 2, c);
        await Assert.ThrowsAnyAsync<DbException>(() => MemberAsync(connection, round, 3, b));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Rounds_SamePeriodTwice_IsRejected(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var connection = await db.Database.OpenAsync();
        await RoundAsync(connection, "2026-12", 1);

        var ex = await Assert.ThrowsAnyAsync<DbException>(() => RoundAsync(connection, "2026-12", 2));
        Assert.True(Database.IsUniqueViolation(ex));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task IsUniqueViolation_OtherRefusals_AreNotDuplicates(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var connection = await db.Database.OpenAsync();
        var (a, _, _) = await ThreePeopleAsync(db);

        var unknownParticipant = await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync(
            "INSERT INTO exclusions (participant_a, participant_b, created_by, created_at) VALUES (@a, 99999, 'test', @now)", null, default, ("a", a), ("now", DateTime.UtcNow)));
        var unknownState = await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync(
            "INSERT INTO participants (public_id, email, status, created_at, updated_at) VALUES ('x', 'x@example.org', 'sleeping', @now, @now)", null, default, ("now", DateTime.UtcNow)));
        var samePublicId = await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync(
            "INSERT INTO participants (public_id, email, created_at, updated_at) SELECT public_id, 'other@example.org', created_at, updated_at FROM participants WHERE id = @a", null, default, ("a", a)));

        Assert.False(Database.IsUniqueViolation(unknownParticipant));
        Assert.False(Database.IsUniqueViolation(unknownState));
        Assert.True(Database.IsUniqueViolation(samePublicId));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task States_OutsideTheirLists_AreRejected(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var connection = await db.Database.OpenAsync();
        var now = DateTime.UtcNow;

        await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync(
            "INSERT INTO participants (public_id, email, status, created_at, updated_at) VALUES ('x', 'x@example.org', 'sleeping', @now, @now)", null, default, ("now", now)));
        await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync(
            "INSERT INTO participants (public_id, email, cadence, created_at, updated_at) VALUES ('y', 'y@example.org', 'weekly', @now, @now)", null, default, ("now", now)));
        await Assert.ThrowsAnyAsync<DbException>(() => RoundAsync(connection, "2026-13", 1));
        await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync(
            "INSERT INTO participants (public_id, email, status, created_at, updated_at) VALUES ('z', 'z@example.org', 'paused', @now, @now)", null, default, ("now", now)));
        await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync(
            "INSERT INTO participants (public_id, email, created_at, updated_at) VALUES ('w', @email, @now, @now)", null, default, ("email", "evil@example.org\r\nBcc: all@example.org"), ("now", now)));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Exclusions_UnknownParticipant_IsRejectedByForeignKey(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var (a, _, _) = await ThreePeopleAsync(db);
        await using var connection = await db.Database.OpenAsync();

        await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync(
            "INSERT INTO exclusions (participant_a, participant_b, created_by, created_at) VALUES (@a, 99999, 'test', @now)", null, default, ("a", a), ("now", DateTime.UtcNow)));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Outbox_AnIntroductionToRenderWithoutItsGroup_IsRejected(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var (a, _, _) = await ThreePeopleAsync(db);
        await using var connection = await db.Database.OpenAsync();
        var round = await RoundAsync(connection, "2026-12", 1);
        await GroupAsync(connection, round, 1, a);

        // What an instance still running the code before migration 0011 would write.
        await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync(
            "INSERT INTO outbox_messages (idempotency_key, kind, round_id, participant_id, state, created_at, next_attempt_at) VALUES ('old', 'introduction', @round, @a, 'pending', @now, @now)",
            null,
            default,
            ("round", round),
            ("a", a),
            ("now", DateTime.UtcNow)));

        await connection.ExecuteAsync(
            "INSERT INTO outbox_messages (idempotency_key, kind, round_id, participant_id, group_number, state, created_at, next_attempt_at) VALUES ('new', 'introduction', @round, @a, 1, 'pending', @now, @now)",
            null,
            default,
            ("round", round),
            ("a", a),
            ("now", DateTime.UtcNow));
        Assert.Equal(1L, await connection.ScalarAsync<long>("SELECT count(*) FROM outbox_messages", null, default));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RoundHistory_AnUnknownParticipantRoundOrGroupInABulkWrite_IsRejectedAndNothingIsWritten(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var (a, b, _) = await ThreePeopleAsync(db);
        await using var connection = await db.Database.OpenAsync();
        var round = await RoundAsync(connection, "2026-12", 1);
        await GroupAsync(connection, round, 1, a);
        const long Nobody = 99999;

        // The way a round writes (binary COPY on PostgreSQL), a good row then a bad one in the same write.
        async Task WriteAsync(string table, string[] columns, params object?[][] rows)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await db.Database.BulkInsertAsync(transaction, table, columns, rows, default);
            await transaction.CommitAsync();
        }

        string[] outcome = ["round_id", "participant_id", "outcome", "reason"];
        await Assert.ThrowsAnyAsync<DbException>(() => WriteAsync("round_outcomes", outcome, [round, a, "paired", "Paired."], [round, Nobody, "paired", "Paired."]));
        await Assert.ThrowsAnyAsync<DbException>(() => WriteAsync("round_outcomes", outcome, [round, a, "paired", "Paired."], [round + 1, b, "paired", "Paired."]));
        await Assert.ThrowsAnyAsync<DbException>(() => WriteAsync("round_groups", ["round_id", "group_number", "arranger_id"], [round, 2, Nobody]));
        await Assert.ThrowsAnyAsync<DbException>(() => WriteAsync("group_members", ["round_id", "group_number", "participant_id"], [round, 1, a], [round, 1, Nobody]));
        await Assert.ThrowsAnyAsync<DbException>(() => WriteAsync("group_members", ["round_id", "group_number", "participant_id"], [round, 1, a], [round, 7, b]));
        await Assert.ThrowsAnyAsync<DbException>(() => WriteAsync(
            "outbox_messages",
            OutboxStore.RoundEmailColumns.ToArray(),
            OutboxStore.RoundEmailRow(round, EmailKind.SatOut, a, null, held: false, DateTime.UtcNow),
            OutboxStore.RoundEmailRow(round, EmailKind.SatOut, Nobody, null, held: false, DateTime.UtcNow)));
        Assert.Equal(0L, await connection.ScalarAsync<long>(
            "SELECT (SELECT count(*) FROM round_outcomes) + (SELECT count(*) FROM group_members) + (SELECT count(*) FROM outbox_messages) + (SELECT count(*) FROM round_groups) - 1",
            null,
            default));

        await WriteAsync("round_outcomes", outcome, [round, a, "paired", "Paired."], [round, b, "paired", "Paired."]);
        await WriteAsync("group_members", ["round_id", "group_number", "participant_id"], [round, 1, a], [round, 1, b]);
        Assert.Equal(2L, await connection.ScalarAsync<long>("SELECT count(*) FROM group_members", null, default));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ParticipantsRoundsAndGroups_AreNeverDeleted(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var (a, _, c) = await ThreePeopleAsync(db);
        await using var connection = await db.Database.OpenAsync();
        var round = await RoundAsync(connection, "2026-12", 1);
        await GroupAsync(connection, round, 1, a);

        // c is referred to by nothing: a declared key alone would let it go.
        await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync("DELETE FROM participants WHERE id = @id", null, default, ("id", c)));
        await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync("DELETE FROM round_groups", null, default));
        await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync("DELETE FROM rounds", null, default));
        Assert.Equal(3L, await connection.ScalarAsync<long>("SELECT count(*) FROM participants", null, default));
    }

    private static async Task<(long, long, long)> ThreePeopleAsync(TestDatabase db)
    {
        var store = new ParticipantStore(db.Database, TimeProvider.System);
        var a = await store.AddAsync(ParticipantStoreTests.ActiveParticipant("a@one.example"));
        var b = await store.AddAsync(ParticipantStoreTests.ActiveParticipant("b@two.example"));
        var c = await store.AddAsync(ParticipantStoreTests.ActiveParticipant("c@three.example"));
        return (a.Id, b.Id, c.Id);
    }

    private static async Task<long> RoundAsync(DbConnection connection, string period, int number)
    {
        await connection.ExecuteAsync(
            "INSERT INTO rules_versions (version, rules, changed_by, changed_at, change) VALUES (1, '{}', 'test', @now, 'test') ON CONFLICT DO NOTHING", null, default, ("now", DateTime.UtcNow));
        return await connection.ScalarAsync<long>(
            "INSERT INTO rounds (period, round_number, seed, rules_version, status, round_date, planned_at) VALUES (@period, @number, 42, 1, 'planned', @date, @now) RETURNING id",
            null,
            default,
            ("period", period),
            ("number", number),
            ("date", new DateOnly(2026, 12, 7)),
            ("now", DateTime.UtcNow));
    }

    private static Task<int> GroupAsync(DbConnection connection, long round, int number, long arranger) =>
        connection.ExecuteAsync(
            "INSERT INTO round_groups (round_id, group_number, arranger_id) VALUES (@round, @number, @arranger)",
            null,
            default,
            ("round", round),
            ("number", number),
            ("arranger", arranger));

    private static Task<int> MemberAsync(DbConnection connection, long round, int group, long participant) =>
        connection.ExecuteAsync(
            "INSERT INTO group_members (round_id, group_number, participant_id) VALUES (@round, @group, @participant)",
            null,
            default,
            ("group", group),
            ("round", round),
            ("participant", participant));
}
