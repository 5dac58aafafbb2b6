using BenchmarkDotNet.Attributes;
using Dapper;
using Npgsql;
using Unmentoring.Cli;
using Unmentoring.Mail;
using Unmentoring.Rounds;
using Unmentoring.Storage;

namespace Unmentoring.Benchmarks;

/// <summary>
/// A whole round on PostgreSQL, end to end: load 100,000 participants and 12 rounds of history, plan,
/// write groups, memberships, outcomes and a row per email in one transaction. And the part of the work
/// that moved to the dispatcher (ADR 0011): claiming all of that round's emails in batches and rendering
/// each, as the dispatcher does before it sends them. Each iteration gets a fresh copy of a prepared
/// database (CREATE DATABASE ... TEMPLATE), made outside the measured time.
/// Needs UNMENTORING_BENCH_POSTGRES: a connection string to a server where it may create databases.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class RoundBenchmarks
{
    private const string Template = "unmentoring_bench_template";
    private const string Copy = "unmentoring_bench_round";
    private string _admin = "";
    private CommandHost? _host;

    [Params(100_000)]
    public int Participants { get; set; }

    [GlobalSetup]
    public void Prepare()
    {
        _admin = Environment.GetEnvironmentVariable("UNMENTORING_BENCH_POSTGRES")
            ?? throw new InvalidOperationException("Set UNMENTORING_BENCH_POSTGRES to a PostgreSQL connection string (see docs/benchmarks.md).");
        Admin($"DROP DATABASE IF EXISTS {Copy} WITH (FORCE)");
        Admin($"DROP DATABASE IF EXISTS {Template} WITH (FORCE)");
        Admin($"CREATE DATABASE {Template}");
        using var host = Open(Template);
        SeedAsync(host, Participants).GetAwaiter().GetResult();
        NpgsqlConnection.ClearAllPools();
    }

    [IterationSetup(Targets = [nameof(RoundEndToEnd), nameof(RoundWithEveryEmailRendered)])]
    public void FreshCopy()
    {
        // Pooled connections to an earlier copy would be dead after the drop: none may be handed out again.
        _host?.Dispose();
        NpgsqlConnection.ClearAllPools();
        Admin($"DROP DATABASE IF EXISTS {Copy} WITH (FORCE)");
        Admin($"CREATE DATABASE {Copy} TEMPLATE {Template}");
        _host = Open(Copy);
    }

    [IterationSetup(Target = nameof(RenderTheRoundsEmails))]
    public void FreshCopyWithARound()
    {
        FreshCopy();
        RoundEndToEnd().GetAwaiter().GetResult();
    }

    [Benchmark]
    public async Task<int> RoundEndToEnd()
    {
        var result = await _host!.Get<RoundService>().RunAsync(new Period(2027, 1), new DateOnly(2027, 1, 4));
        return result.EmailsQueued;
    }

    /// <summary>What the dispatcher does with the round's 100,000 emails before handing them to SMTP: claim a batch, render it.</summary>
    [Benchmark]
    public async Task<int> RenderTheRoundsEmails()
    {
        var queue = _host!.Get<OutboxQueue>();
        var source = _host.Get<IRoundEmailSource>();
        var batch = _host.Get<Microsoft.Extensions.Options.IOptions<DispatcherOptions>>().Value.BatchSize;
        var rendered = 0;
        while (true)
        {
            var now = DateTime.UtcNow;
            var claimed = await queue.ClaimAsync(batch, now, now.AddMinutes(5), null, default);
            if (claimed.Count == 0)
            {
                return rendered;
            }

            var result = await source.RenderAsync(claimed, default);
            rendered += result.Values.Count(r => r.Message is not null);
        }
    }

    /// <summary>
    /// The "end to end" read with the emails rendered: the round as above, then every one of its
    /// emails rendered by the dispatcher's renderer (<see cref="IRoundEmailSource"/>, the same code and the
    /// same queries) from the committed round, in chunks spread over the cores. Nothing is claimed: claiming
    /// is the dispatcher's delivery bookkeeping, which <see cref="RenderTheRoundsEmails"/> and the outbox
    /// benchmarks measure.
    /// </summary>
    [Benchmark]
    public async Task<int> RoundWithEveryEmailRendered()
    {
        var result = await _host!.Get<RoundService>().RunAsync(new Period(2027, 1), new DateOnly(2027, 1, 4));
        var rows = new List<ClaimedMessage>(result.EmailsQueued);
        await using (var connection = await _host.Get<Database>().OpenAsync())
        {
            foreach (var row in await connection.QueryAsync<EmailRow>("SELECT id, idempotency_key, kind, participant_id, group_number FROM outbox_messages WHERE round_id = @round ORDER BY id", new { round = result.Round.Id }))
            {
                rows.Add(new ClaimedMessage(row.Id, row.IdempotencyKey, EmailKindCodes.ParseKind(row.Kind), row.ParticipantId, null, null, null, null, new Dictionary<string, string>(), [], 0, null, "", result.Round.Id, row.GroupNumber));
            }
        }

        var source = _host.Get<IRoundEmailSource>();
        var rendered = 0;
        await Parallel.ForEachAsync(rows.Chunk(RenderChunk), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (chunk, cancellationToken) =>
        {
            var messages = await source.RenderAsync(chunk, cancellationToken);
            Interlocked.Add(ref rendered, messages.Values.Count(m => m.Message is not null));
        });

        return rendered == result.EmailsQueued ? rendered : throw new InvalidOperationException($"Rendered {rendered} of {result.EmailsQueued} emails.");
    }

    /// <summary>Ten dispatcher batches: big enough that a chunk's queries are few, small enough that they use the indexes.</summary>
    private const int RenderChunk = 500;

    [IterationCleanup]
    public void Cleanup()
    {
        _host?.Dispose();
        NpgsqlConnection.ClearAllPools();
    }

    [GlobalCleanup]
    public void Drop()
    {
        Admin($"DROP DATABASE IF EXISTS {Copy} WITH (FORCE)");
        Admin($"DROP DATABASE IF EXISTS {Template} WITH (FORCE)");
    }

    private CommandHost Open(string database)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = new NpgsqlConnectionStringBuilder(_admin) { Database = database, CommandTimeout = 600 }.ConnectionString,
            ["Unmentoring:MigrateOnStart"] = "true",
            ["Unmentoring:Roles:Scheduler"] = "false",
            ["Unmentoring:PublicBaseUrl"] = "https://unmentoring.example.org",
            ["Logging:LogLevel:Default"] = "Warning",
            // The round logs where its time went (load, engine, each write, rendering) in the benchmark output.
            ["Logging:LogLevel:Unmentoring.Rounds.RoundService"] = "Information",
        };
        return CommandHost.OpenAsync(new CliContext(TextWriter.Null, TextWriter.Null, settings, TimeProvider.System), default).GetAwaiter().GetResult();
    }

    private void Admin(string sql)
    {
        using var connection = new NpgsqlConnection(_admin);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    /// <summary>People in organisations of about 20, and 12 monthly rounds in which each met someone at random.</summary>
    private static async Task SeedAsync(CommandHost host, int count)
    {
        var database = host.Get<Database>();
        var rules = await host.Get<RulesStore>().CurrentAsync();
        await using var connection = await database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var now = DateTime.UtcNow;
        await database.BulkInsertAsync(
            transaction,
            "participants",
            ["public_id", "email", "name", "organisation", "role", "intro", "cadence", "status", "consent_basis", "consent_text_version", "consent_at", "created_at", "confirmed_at", "updated_at"],
            Enumerable.Range(0, count).Select(i => new object?[]
            {
                Guid.NewGuid().ToString(), $"person{i}@org{i / 20}.example", $"Person {i}", $"Organisation {i / 20}", "Officer",
                "I work on local services and like comparing notes.", "monthly", "active", "form", "bench", now, now, now, now,
            }),
            default);
        var ids = (await connection.QueryAsync<long>("SELECT id FROM participants ORDER BY id", transaction: transaction)).AsList();

        var random = new Random(42);
        for (var month = 1; month <= 12; month++)
        {
            var period = new Period(2026, 1).AddMonths(month - 1);
            var roundId = await connection.ExecuteScalarAsync<long>(
                "INSERT INTO rounds (period, round_number, seed, rules_version, status, round_date, planned_at) VALUES (@p, @n, 1, @v, 'sent', @d, @now) RETURNING id",
                new { p = period.ToString(), n = month, v = rules.Version, d = period.FirstDay, now },
                transaction);
            var order = ids.ToArray();
            random.Shuffle(order);
            var groups = Enumerable.Range(0, order.Length / 2).ToList();
            await database.BulkInsertAsync(transaction, "round_groups", ["round_id", "group_number", "arranger_id"], groups.Select(g => new object?[] { roundId, g + 1, order[2 * g] }), default);
            await database.BulkInsertAsync(transaction, "group_members", ["round_id", "group_number", "participant_id"], groups.SelectMany(g => new[] { new object?[] { roundId, g + 1, order[2 * g] }, new object?[] { roundId, g + 1, order[(2 * g) + 1] } }), default);
            await database.BulkInsertAsync(transaction, "round_outcomes", ["round_id", "participant_id", "outcome", "reason"], order.Take(groups.Count * 2).Select(id => new object?[] { roundId, id, "paired", "Paired." }), default);
        }

        await transaction.CommitAsync();
        // Text, or Dapper takes a statement without white space for a stored procedure.
        await connection.ExecuteAsync("ANALYZE", commandType: System.Data.CommandType.Text);
    }

    private sealed class EmailRow
    {
        public long Id { get; set; }

        public string IdempotencyKey { get; set; } = "";

        public string Kind { get; set; } = "";

        public long ParticipantId { get; set; }

        public int? GroupNumber { get; set; }
    }
}
