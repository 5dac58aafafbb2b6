using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Unmentoring.Mail;
using Unmentoring.Participants;
using Unmentoring.Rounds;
using Unmentoring.Storage;
using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Mail;

/// <summary>
/// A migrated database, a fake clock, participants and their composed introductions in the outbox, and
/// dispatchers pointed at a loopback SMTP server: everything a delivery specification needs.
/// </summary>
internal sealed class DispatchHarness : IAsyncDisposable
{
    public static readonly MailOptions Mail = new()
    {
        FromAddress = "unmentoring@unmentoring.example.org",
        FromName = "UnMentoring",
        ReplyTo = "organisers@unmentoring.example.org",
    };

    private DispatchHarness(TestDatabase db, FakeTimeProvider time)
    {
        Db = db;
        Time = time;
        Composer = MailSamples.Composer(time);
    }

    public TestDatabase Db { get; }

    public FakeTimeProvider Time { get; }

    public TemplateEmailComposer Composer { get; }

    public DispatcherOptions Options { get; } = new() { BatchSize = 50 };

    public MailOptions MailOptions { get; set; } = Mail;

    internal Database Database => Db.Database;

    public static async Task<DispatchHarness> CreateAsync(string provider)
    {
        var time = new FakeTimeProvider(MailSamples.Now);
        return new DispatchHarness(await TestDatabase.CreateAsync(provider, time), time);
    }

    public static SmtpTransport Smtp(LoopbackSmtpServer server) =>
        new(new SmtpOptions { Host = "127.0.0.1", Port = server.Port, Security = SmtpSecurity.None }, NullLogger<SmtpTransport>.Instance);

    /// <summary>One dispatcher instance's pass; without <paramref name="presence"/>, an instance that never checks in.</summary>
    public OutboxDispatch Dispatch(IMailTransport transport, DispatcherPresence? presence = null) =>
        new(new OutboxQueue(Database), RoundEmails, transport, Microsoft.Extensions.Options.Options.Create(MailOptions), Microsoft.Extensions.Options.Options.Create(Options), presence ?? Presence(), Time, NullLogger<OutboxDispatch>.Instance);

    /// <summary>A dispatcher instance as the others see it, with this harness's options and clock.</summary>
    internal DispatcherPresence Presence() => new(Database, Microsoft.Extensions.Options.Options.Create(Options), Time);

    /// <summary>The hosted dispatcher of <c>serve</c> over <see cref="Dispatch"/>, with this harness's options and clock.</summary>
    internal OutboxDispatcher HostedDispatcher(IMailTransport transport)
    {
        var presence = Presence();
        return new(Dispatch(transport, presence), presence, Database, Microsoft.Extensions.Options.Options.Create(Options), Time, NullLogger<OutboxDispatcher>.Instance);
    }

    public OutboxQueue Queue => new(Database);

    /// <summary>What renders the emails a round writes without content, as the service wires it.</summary>
    internal RoundEmails RoundEmails => new(new RoundStore(Database, Time), new ParticipantStore(Database, Time), new RulesStore(Database, Time), Composer);

    /// <summary>Adds the people as active participants and queues one introduction for each, in groups of the given sizes.</summary>
    public async Task<IReadOnlyList<PersonDetails>> QueueIntroductionsAsync(params int[] groupSizes)
    {
        var roundId = await AddRoundAsync();
        var store = new ParticipantStore(Database, Time);
        var everyone = new List<PersonDetails>();
        var groups = new List<List<PersonDetails>>();
        var number = 0;
        foreach (var size in groupSizes)
        {
            var group = new List<PersonDetails>();
            for (var i = 0; i < size; i++)
            {
                group.Add(await AddPersonAsync(store, ++number));
            }

            groups.Add(group);
            everyone.AddRange(group);
        }

        // What a round writes: its groups (the first member arranges), the outcomes, and a row without content
        // per introduction, which the dispatcher renders when it sends it.
        await using var connection = await Database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var now = Time.StorageNow();
        await Database.BulkInsertAsync(transaction, "round_groups", ["round_id", "group_number", "arranger_id"], groups.Select((g, i) => new object?[] { roundId, i + 1, g[0].ParticipantId }), default);
        await Database.BulkInsertAsync(transaction, "group_members", ["round_id", "group_number", "participant_id"], groups.SelectMany((g, i) => g.Select(p => new object?[] { roundId, i + 1, p.ParticipantId })), default);
        await Database.BulkInsertAsync(transaction, "round_outcomes", ["round_id", "participant_id", "outcome", "reason"], everyone.Select(p => new object?[] { roundId, p.ParticipantId, "paired", "Paired." }), default);
        await Database.BulkInsertAsync(transaction, "outbox_messages", OutboxStore.RoundEmailColumns, groups.SelectMany((g, i) => g.Select(p => OutboxStore.RoundEmailRow(roundId, EmailKind.Introduction, p.ParticipantId, i + 1, held: false, now))), default);
        await transaction.CommitAsync();
        return everyone;
    }

    /// <summary>Adds one active participant and queues the sit-out or unmatched notice a round would, with its stored reason.</summary>
    public async Task<PersonDetails> QueueNoticeAsync(EmailKind kind, string outcome, string reason)
    {
        var roundId = await AddRoundAsync();
        await using var connection = await Database.OpenAsync();
        var person = await AddPersonAsync(new ParticipantStore(Database, Time), (int)await connection.ScalarAsync<long>("SELECT count(*) FROM participants", null, default) + 1);
        await using var transaction = await connection.BeginTransactionAsync();
        await Database.BulkInsertAsync(transaction, "round_outcomes", ["round_id", "participant_id", "outcome", "reason"], [[roundId, person.ParticipantId, outcome, reason]], default);
        await Database.BulkInsertAsync(transaction, "outbox_messages", OutboxStore.RoundEmailColumns, [OutboxStore.RoundEmailRow(roundId, kind, person.ParticipantId, null, held: false, Time.StorageNow())], default);
        await transaction.CommitAsync();
        return person;
    }

    private async Task<PersonDetails> AddPersonAsync(ParticipantStore store, int number)
    {
        var added = await store.AddAsync(new Participant
        {
            PublicId = "",
            Email = $"person{number}@org{number}.example.org",
            Name = $"Person {number}",
            Organisation = $"Organisation {number}",
            Role = "Service designer",
            Intro = $"I am person {number}.",
            Status = ParticipantStatus.Active,
            ConsentBasis = "form",
            ConsentTextVersion = "2026-11",
            ConsentAt = Time.GetUtcNow().UtcDateTime,
            ConfirmedAt = Time.GetUtcNow().UtcDateTime,
        });
        return PersonDetails.Of(added);
    }

    public async Task<long> AddRoundAsync()
    {
        await using var connection = await Database.OpenAsync();
        var now = Time.StorageNow();
        await connection.ExecuteAsync(
            "INSERT INTO rules_versions (version, rules, changed_by, changed_at, change) VALUES (1, '{}', 'test', @now, 'first') ON CONFLICT DO NOTHING", null, default, ("now", now));
        var next = await connection.ScalarAsync<long>("SELECT count(*) FROM rounds", null, default) + 1;
        return await connection.ScalarAsync<long>(
            "INSERT INTO rounds (period, round_number, seed, rules_version, status, round_date, planned_at) VALUES (@period, @number, 1, 1, 'sent', @date, @now) RETURNING id",
            null,
            default,
            ("period", new Period(2026, 12).AddMonths((int)next - 1).ToString()),
            ("number", next),
            ("date", new Period(2026, 12).AddMonths((int)next - 1).FirstDay),
            ("now", now));
    }

    public sealed record Row(string Key, string State, int Attempts, string? LastReply, DateTime NextAttemptAt, DateTime? SentAt, long? ParticipantId);

    public async Task<IReadOnlyList<Row>> RowsAsync()
    {
        await using var connection = await Database.OpenAsync();
        await using var command = connection.Command("SELECT idempotency_key, state, attempts, last_reply, next_attempt_at, sent_at, participant_id FROM outbox_messages ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Row>();
        while (await reader.ReadAsync())
        {
            rows.Add(new Row(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.NullableString(3), reader.Utc(4), reader.NullableUtc(5), reader.IsDBNull(6) ? null : reader.GetInt64(6)));
        }

        return rows;
    }

    public async Task<(DateTime? At, string? Reason)> UndeliverableAsync(long participantId)
    {
        await using var connection = await Database.OpenAsync();
        await using var command = connection.Command("SELECT undeliverable_at, undeliverable_reason FROM participants WHERE id = @id", null, ("id", participantId));
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.NullableUtc(0), reader.NullableString(1));
    }

    /// <summary>Runs passes until one claims nothing; returns how many passes claimed something.</summary>
    public static async Task<int> RunUntilIdleAsync(OutboxDispatch dispatch)
    {
        var passes = 0;
        while ((await dispatch.RunOnceAsync(default)).Claimed > 0)
        {
            passes++;
        }

        return passes;
    }

    public ValueTask DisposeAsync() => Db.DisposeAsync();
}
