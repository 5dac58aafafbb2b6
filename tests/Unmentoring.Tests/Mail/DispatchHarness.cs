using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Unmentoring.Mail;
using Unmentoring.Participants;
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

    public OutboxDispatch Dispatch(IMailTransport transport) =>
        new(new OutboxQueue(Database), transport, Microsoft.Extensions.Options.Options.Create(MailOptions), Microsoft.Extensions.Options.Options.Create(Options), Time, NullLogger<OutboxDispatch>.Instance);

    public OutboxQueue Queue => new(Database);

    /// <summary>Adds the people as active participants and queues one introduction for each, in groups of the given sizes.</summary>
    public async Task<IReadOnlyList<PersonDetails>> QueueIntroductionsAsync(params int[] groupSizes)
    {
        var roundId = await AddRoundAsync();
        var store = new ParticipantStore(Database, Time);
        var everyone = new List<PersonDetails>();
        var messages = new List<OutboxMessage>();
        var number = 0;
        foreach (var size in groupSizes)
        {
            var group = new List<PersonDetails>();
            for (var i = 0; i < size; i++)
            {
                number++;
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
                group.Add(new PersonDetails(added.Id, added.PublicId, added.Email!, added.Name!, added.Organisation, added.Role, added.Intro, null, null));
            }

            messages.AddRange(MailSamples.Introductions(roundId, group, group[0]).Select(Composer.Compose));
            everyone.AddRange(group);
        }

        await using var connection = await Database.OpenAsync();
        await new OutboxStore(Time).EnqueueAsync(connection, null, messages, default);
        return everyone;
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
            ("period", $"2026-{next:D2}"),
            ("number", next),
            ("date", new DateOnly(2026, (int)next, 1)),
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
