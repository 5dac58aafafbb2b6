using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Unmentoring.Mail;
using Unmentoring.Storage;
using Unmentoring.Tests.Support;

namespace Unmentoring.Benchmarks;

/// <summary>
/// The whole outbox path of <see cref="MailDeliveryBenchmarks.OutboxDispatchOnSqlite"/> on PostgreSQL: the
/// same 1,000 introductions, the same loopback SMTP server (plain text), every commit durable. Needs a server
/// named by UNMENTORING_BENCH_POSTGRES (see docs/benchmarks.md); the benchmark makes its own database there.
/// Run: dotnet run -c Release --project tests/Unmentoring.Benchmarks -- --filter '*OutboxOnPostgres*'
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 5, iterationCount: 10)]
[MemoryDiagnoser]
public class OutboxOnPostgresBenchmarks
{
    private const string DatabaseName = "unmentoring_bench_outbox";

    private string _admin = "";
    private LoopbackSmtpServer _server = null!;
    private Database _database = null!;
    private OutboxDispatch _dispatch = null!;

    [GlobalSetup]
    public void Setup()
    {
        _admin = Environment.GetEnvironmentVariable("UNMENTORING_BENCH_POSTGRES")
            ?? throw new InvalidOperationException("Set UNMENTORING_BENCH_POSTGRES to a PostgreSQL connection string (see docs/benchmarks.md).");
        Admin($"DROP DATABASE IF EXISTS {DatabaseName} WITH (FORCE)");
        Admin($"CREATE DATABASE {DatabaseName}");

        _server = LoopbackSmtpServer.StartAsync().GetAwaiter().GetResult();
        _server.KeepMessages = false;
        var transport = new SmtpTransport(new SmtpOptions { Host = "127.0.0.1", Port = _server.Port, Security = SmtpSecurity.None }, NullLogger<SmtpTransport>.Instance);
        _database = Database.ForPostgres(new NpgsqlConnectionStringBuilder(_admin) { Database = DatabaseName }.ConnectionString);
        _dispatch = MailDeliveryBenchmarks.PrepareOutbox(_database, MailDeliveryBenchmarks.Introductions(MailDeliveryBenchmarks.Messages), transport);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _database.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Admin($"DROP DATABASE IF EXISTS {DatabaseName} WITH (FORCE)");
    }

    [IterationSetup]
    public void RequeueOutbox() => MailDeliveryBenchmarks.Requeue(_database);

    [Benchmark(OperationsPerInvoke = MailDeliveryBenchmarks.Messages)]
    public Task OutboxDispatchOnPostgres() => MailDeliveryBenchmarks.DispatchAll(_dispatch);

    /// <summary>Two dispatch loops side by side in one process, as <c>Unmentoring:Dispatcher:Concurrency = 2</c> runs them.</summary>
    [Benchmark(OperationsPerInvoke = MailDeliveryBenchmarks.Messages)]
    public async Task OutboxDispatchOnPostgresTwoLoops()
    {
        var sent = await Task.WhenAll(Loop(), Loop());
        if (sent.Sum() != MailDeliveryBenchmarks.Messages)
        {
            throw new InvalidOperationException($"Only {sent.Sum()} of {MailDeliveryBenchmarks.Messages} messages were sent.");
        }

        async Task<int> Loop()
        {
            await Task.Yield();
            var sent = 0;
            DispatchSummary summary;
            do
            {
                summary = await _dispatch.RunOnceAsync(default);
                sent += summary.Sent;
            }
            while (summary.Claimed > 0);
            return sent;
        }
    }

    private void Admin(string sql)
    {
        using var connection = new NpgsqlConnection(_admin);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
