using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using Unmentoring.Hosting;
using Unmentoring.Mail;
using Unmentoring.Participants;
using Unmentoring.Rounds;
using Unmentoring.Storage;
using Unmentoring.Tests.Support;

namespace Unmentoring.Benchmarks;

/// <summary>
/// Delivery of real introductions (text, HTML and .ics, about 6.4 KB each on the wire) to an SMTP server on loopback
/// in this process. Each invocation sends <see cref="Messages"/> messages, so BenchmarkDotNet's time per
/// operation is the time per message. The baseline opens a connection per message; the dispatcher's way
/// is one connection per batch; both without TLS and with STARTTLS (the default setting; the server
/// has a self-signed ECDSA P-256 certificate). The last one is the whole outbox path (claim, attempt
/// marker, send, outcome) on the embedded SQLite database, without TLS, once with only the messages to send
/// in the table and once beside 20,000 sent earlier (the outbox keeps what it sent).
/// Run: dotnet run -c Release --project tests/Unmentoring.Benchmarks -- --filter '*MailDelivery*'
/// Five warm-ups: with two, the first measured iterations were still getting faster as the JIT optimised.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 5, iterationCount: 10)]
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class MailDeliveryBenchmarks
{
    internal const int Messages = 1000;
    internal const int BatchSize = 50;

    private LoopbackSmtpServer _server = null!;
    private LoopbackSmtpServer _tlsServer = null!;
    private SmtpTransport _transport = null!;
    private SmtpTransport _tlsTransport = null!;
    private List<MimeMessage> _messages = null!;
    private List<OutboxMessage> _outbox = null!;
    private string _folder = null!;
    private Database _database = null!;
    private OutboxDispatch _dispatch = null!;
    private Database _databaseWithHistory = null!;
    private OutboxDispatch _dispatchWithHistory = null!;

    [GlobalSetup]
    public void Setup()
    {
        _server = LoopbackSmtpServer.StartAsync().GetAwaiter().GetResult();
        _server.KeepMessages = false;

        // Another server instead of the in-process one for the plain-text cases, e.g. Postfix's smtp-sink,
        // to tell the client's cost from the test server's (see docs/benchmarks.md).
        var (host, port) = Environment.GetEnvironmentVariable("UNMENTORING_BENCH_SMTP") is { Length: > 0 } external
            ? (external[..external.LastIndexOf(':')], int.Parse(external[(external.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture))
            : ("127.0.0.1", _server.Port);
        _transport = new SmtpTransport(new SmtpOptions { Host = host, Port = port, Security = SmtpSecurity.None }, NullLogger<SmtpTransport>.Instance);
        _tlsServer = LoopbackSmtpServer.StartAsync(startTls: true).GetAwaiter().GetResult();
        _tlsServer.KeepMessages = false;
        var thumbprint = _tlsServer.Certificate!.GetCertHashString();
        _tlsTransport = new SmtpTransport(new SmtpOptions { Host = "localhost", Port = _tlsServer.Port, Security = SmtpSecurity.StartTls }, NullLogger<SmtpTransport>.Instance)
        {
            CertificateValidation = (_, certificate, _, _) => certificate?.GetCertHashString() == thumbprint,
        };

        _outbox = Introductions(Messages);
        _messages = _outbox.Select((m, i) => OutboxMime.Build(
                new ClaimedMessage(i, m.IdempotencyKey, m.Kind, null, new MailboxAddress(m.RecipientName, m.RecipientAddress).ToString(), m.Subject, m.TextBody, m.HtmlBody, m.Headers, m.Attachments, 0, null, ""),
                Mail,
                DateTimeOffset.UtcNow))
            .ToList();

        _folder = Directory.CreateTempSubdirectory("unmentoring-bench-").FullName;
        _database = Database.ForSqlite(Path.Combine(_folder, StorageServices.SqliteFileName));
        _dispatch = PrepareOutbox(_database, _outbox, _transport);

        // The outbox keeps every email it has sent: the same 1,000 to send beside 20,000 sent earlier.
        _databaseWithHistory = Database.ForSqlite(Path.Combine(_folder, "with-history", StorageServices.SqliteFileName));
        var history = Enumerable.Range(0, SentEarlier / Messages)
            .SelectMany(round => _outbox.Select(m => m with { IdempotencyKey = $"{HistoryKeyPrefix}{round}:{m.IdempotencyKey}" }));
        _dispatchWithHistory = PrepareOutbox(_databaseWithHistory, [.. _outbox, .. history], _transport);
        using var connection = _databaseWithHistory.OpenAsync().GetAwaiter().GetResult();
        connection.Execute(
            $"UPDATE outbox_messages SET state = 'sent', attempts = 1, sent_at = @now, last_reply = '250 2.0.0 Ok' WHERE idempotency_key LIKE '{HistoryKeyPrefix}%'",
            new { now = DateTime.UtcNow });
    }

    private const int SentEarlier = 20_000;
    private const string HistoryKeyPrefix = "history:";

    internal static MailOptions Mail { get; } = new() { FromAddress = "unmentoring@unmentoring.example.org", ReplyTo = "organisers@unmentoring.example.org" };

    /// <summary>Introductions of pairs, as a round writes them (text, HTML, .ics).</summary>
    internal static List<OutboxMessage> Introductions(int count)
    {
        var composer = NewComposer();
        var outbox = new List<OutboxMessage>(count);
        for (var i = 0; i < count; i += 2)
        {
            var pair = new[] { Person(i), Person(i + 1) };
            foreach (var member in pair)
            {
                var email = new IntroductionEmail("2026-12", 1, member, pair.Where(p => p != member).ToList(), pair[0], new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 31));

                // No round or participant rows in the benchmark database, so no references to them.
                outbox.Add(composer.Compose(email) with { RoundId = null, ParticipantId = null });
            }
        }

        return outbox;
    }

    private static TemplateEmailComposer NewComposer()
    {
        var scheme = Options.Create(new UnmentoringOptions { PublicBaseUrl = "https://unmentoring.example.org", OrganiserEmail = "organisers@unmentoring.example.org" });
        var links = new ParticipantLinks(LinkSigningKey.Ephemeral(), scheme, TimeProvider.System);
        return new TemplateEmailComposer(EmailTemplates.Load(EmailTemplates.DefaultDirectory), links, scheme, TimeProvider.System);
    }

    /// <summary>Migrates <paramref name="database"/>, queues <paramref name="outbox"/> and returns a dispatch pass over it.</summary>
    internal static OutboxDispatch PrepareOutbox(Database database, List<OutboxMessage> outbox, IMailTransport transport)
    {
        new Migrator(database, NullLogger<Migrator>.Instance, TimeProvider.System).MigrateAsync().GetAwaiter().GetResult();
        using (var connection = database.OpenAsync().GetAwaiter().GetResult())
        using (var transaction = connection.BeginTransaction())
        {
            var store = new OutboxStore(database, TimeProvider.System);
            foreach (var message in outbox)
            {
                store.EnqueueAsync(message, transaction).GetAwaiter().GetResult();
            }

            transaction.Commit();
        }

        return new OutboxDispatch(
            new OutboxQueue(database),
            new RoundEmails(new RoundStore(database, TimeProvider.System), new ParticipantStore(database, TimeProvider.System), new RulesStore(database, TimeProvider.System), NewComposer()),
            transport,
            Options.Create(Mail),
            Options.Create(new DispatcherOptions { BatchSize = BatchSize }),
            new DispatcherPresence(database, Options.Create(new DispatcherOptions { BatchSize = BatchSize }), TimeProvider.System),
            TimeProvider.System,
            NullLogger<OutboxDispatch>.Instance);
    }

    /// <summary>Puts the messages to send (not the history) back in the queue, due now.</summary>
    internal static void Requeue(Database database)
    {
        using var connection = database.OpenAsync().GetAwaiter().GetResult();
        connection.Execute(
            $"UPDATE outbox_messages SET state = 'pending', attempts = 0, sent_at = NULL, first_attempt_at = NULL, next_attempt_at = @now WHERE idempotency_key NOT LIKE '{HistoryKeyPrefix}%'",
            new { now = DateTime.UtcNow.AddSeconds(-1) });
    }

    /// <summary>Runs the dispatcher until the outbox is empty, as the hosted loop does with a full batch.</summary>
    internal static async Task DispatchAll(OutboxDispatch dispatch)
    {
        var sent = 0;
        DispatchSummary summary;
        do
        {
            summary = await dispatch.RunOnceAsync(default);
            sent += summary.Sent;
        }
        while (summary.Claimed > 0);

        if (sent != Messages)
        {
            throw new InvalidOperationException($"Only {sent} of {Messages} messages were sent.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _tlsServer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _database.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _databaseWithHistory.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    [BenchmarkCategory("plain")]
    public Task ConnectionPerMessage() => SendEach(_transport);

    [Benchmark(OperationsPerInvoke = Messages)]
    [BenchmarkCategory("plain")]
    public Task ConnectionPerBatch() => SendInBatches(_transport);

    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    [BenchmarkCategory("starttls")]
    public Task StartTlsConnectionPerMessage() => SendEach(_tlsTransport);

    [Benchmark(OperationsPerInvoke = Messages)]
    [BenchmarkCategory("starttls")]
    public Task StartTlsConnectionPerBatch() => SendInBatches(_tlsTransport);

    private async Task SendEach(SmtpTransport transport)
    {
        foreach (var message in _messages)
        {
            await using var session = await transport.OpenAsync(default);
            await Expect(session.SendAsync(message, default));
        }
    }

    private async Task SendInBatches(SmtpTransport transport)
    {
        foreach (var batch in _messages.Chunk(BatchSize))
        {
            await using var session = await transport.OpenAsync(default);
            foreach (var message in batch)
            {
                await Expect(session.SendAsync(message, default));
            }
        }
    }

    [IterationSetup(Target = nameof(OutboxDispatchOnSqlite))]
    public void RequeueOutbox() => Requeue(_database);

    [Benchmark(OperationsPerInvoke = Messages)]
    [BenchmarkCategory("outbox")]
    public Task OutboxDispatchOnSqlite() => DispatchAll(_dispatch);

    [IterationSetup(Target = nameof(OutboxDispatchOnSqliteWith20000Sent))]
    public void RequeueOutboxWithHistory() => Requeue(_databaseWithHistory);

    [Benchmark(OperationsPerInvoke = Messages)]
    [BenchmarkCategory("outbox")]
    public Task OutboxDispatchOnSqliteWith20000Sent() => DispatchAll(_dispatchWithHistory);

    private static async Task Expect(Task<DeliveryResult> sending)
    {
        var result = await sending;
        if (result.Status != DeliveryStatus.Sent)
        {
            throw new InvalidOperationException($"Not sent: {result.Reply}");
        }
    }

    private static PersonDetails Person(int i) =>
        new(i + 1, $"00000000-0000-4000-8000-{i:D12}", $"person{i}@org{i % 97}.example.org", $"Person {i}", $"Organisation {i % 97}", "Service designer", "I work on housing and homelessness services and would like to meet people doing the same elsewhere.", null, null);
}
