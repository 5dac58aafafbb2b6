using System.Collections.Concurrent;
using System.Globalization;
using Npgsql;
using Unmentoring.Tests.Support;

namespace Unmentoring.Reliability.Support;

/// <summary>
/// One trial's world: a fresh database on a PostgreSQL server, migrated by the real executable and filled
/// by plain SQL, the <c>serve</c> instances started on it, and the settings that make them quick to
/// notice a dead node, a new schedule or a due retry. Disposing kills what is left and drops the database.
/// </summary>
public sealed class ReliabilityScheme : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<PostgresServer, Lazy<Task<string>>> MigratedTemplates = new();

    private readonly PostgresServer _server;
    private readonly List<ServiceInstance> _instances = [];

    private ReliabilityScheme(PostgresServer server, string connectionString, string dataDirectory)
    {
        _server = server;
        ConnectionString = connectionString;
        DataDirectory = dataDirectory;
    }

    public string ConnectionString { get; }

    /// <summary>The suite's own connections, unpooled: a pooled one killed by a restart would fail the next count.</summary>
    private string CountingConnectionString => new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString;

    public string DataDirectory { get; }

    public IReadOnlyList<ServiceInstance> Instances => _instances;

    /// <summary>
    /// Skips the trial when a developer set UNMENTORING_RELIABILITY=off for a quicker local run of the
    /// solution; never under CI=true, where the whole suite always runs.
    /// </summary>
    public static void SkipIfTurnedOff() =>
        Skip.If(
            TurnedOff(Environment.GetEnvironmentVariable("UNMENTORING_RELIABILITY"), PostgresServer.InCi),
            "UNMENTORING_RELIABILITY=off: the reliability trials are not run (CI runs them always).");

    /// <summary>Whether UNMENTORING_RELIABILITY's <paramref name="setting"/> turns the trials off: "off" in any case, and never in CI.</summary>
    public static bool TurnedOff(string? setting, bool inCi) =>
        string.Equals(setting, "off", StringComparison.OrdinalIgnoreCase) && !inCi;

    /// <summary>The shared test PostgreSQL; skipped where there is none, except under CI=true, where that fails.</summary>
    public static async Task<PostgresServer> SharedServerAsync()
    {
        SkipIfTurnedOff();
        var why = PostgresServer.WhyUnavailable();
        Skip.If(why is not null && !PostgresServer.InCi, why);
        return await PostgresServer.GetAsync();
    }

    /// <summary>
    /// A new database on <paramref name="server"/> with <paramref name="people"/> active participants: a copy
    /// (<c>CREATE DATABASE ... TEMPLATE</c>) of one database per server that <c>unmentoring migrate</c>
    /// migrated, so the 20 kill trials do not each start a process to run the same migrations.
    /// </summary>
    public static async Task<ReliabilityScheme> CreateAsync(PostgresServer server, int people)
    {
        var template = await MigratedTemplates.GetOrAdd(server, s => new Lazy<Task<string>>(() => MigrateTemplateAsync(s))).Value;
        var connectionString = await server.CreateDatabaseAsync(template);
        var scheme = new ReliabilityScheme(server, connectionString, Directory.CreateTempSubdirectory("unmentoring-reliability-").FullName);
        await scheme.ExecuteAsync(
            """
            INSERT INTO participants (public_id, email, name, organisation, cadence, status, consent_basis, consent_text_version, consent_at, created_at, confirmed_at, updated_at)
            SELECT gen_random_uuid()::text, 'p' || i || '@org' || (i / 20) || '.example', 'Person ' || i, 'Organisation ' || (i / 20),
                   'monthly', 'active', 'form', 'test', now(), now(), now(), now()
            FROM generate_series(0, @count - 1) AS i
            """,
            ("count", people));
        return scheme;
    }

    /// <summary>The name of a database on <paramref name="server"/> migrated by the real <c>unmentoring migrate</c>; nobody stays connected to it.</summary>
    private static async Task<string> MigrateTemplateAsync(PostgresServer server)
    {
        var connectionString = await server.CreateDatabaseAsync();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Postgres"] = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "unmentoring-migrate", Pooling = false }.ConnectionString,
            ["Unmentoring__DataDirectory"] = Directory.CreateTempSubdirectory("unmentoring-reliability-template-").FullName,
        };
        var migrated = await ServiceProcess.RunAsync(["migrate"], settings, timeout: TimeSpan.FromMinutes(3));
        Assert.True(migrated.ExitCode == 0, $"unmentoring migrate failed: {migrated.Output} {migrated.Error}");
        Directory.Delete(settings["Unmentoring__DataDirectory"]!, recursive: true);
        return new NpgsqlConnectionStringBuilder(connectionString).Database!;
    }

    /// <summary>
    /// Settings every process of the trial gets: the database, a data folder, and quick clocks where the
    /// service has them. The runtime's tiered PGO is off: the suite runs 36 short-lived service processes on
    /// two cores, and PGO's extra instrumented compile of every hot method was about a fifth of their CPU
    /// (ADR 0039; docs/reliability.md, 7 December). It changes the machine code, not what the service does.
    /// </summary>
    public Dictionary<string, string?> BaseSettings(string applicationName) => new()
    {
        ["ConnectionStrings__Postgres"] = new NpgsqlConnectionStringBuilder(ConnectionString) { ApplicationName = applicationName, Pooling = true, MaxPoolSize = 40 }.ConnectionString,
        ["Unmentoring__DataDirectory"] = DataDirectory,
        ["Logging__LogLevel__Default"] = "Information",
        ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
        ["Logging__LogLevel__Quartz"] = "Warning",
        ["DOTNET_TieredPGO"] = "0",
    };

    /// <summary>
    /// Starts <c>unmentoring serve</c> on a free loopback port with every role on, sending through
    /// <paramref name="smtp"/>, and waits until it answers <c>/health</c>. The timings are the shortest the
    /// options allow where a trial waits on them: a node's death is noticed within 5 seconds, a changed
    /// schedule within 1, a temporary failure is retried after 1 to 2 seconds, an idle outbox is looked at
    /// every 200 ms, and a dispatcher that stops checking in (every second) is taken for dead after 5 seconds,
    /// when its claims come back (ADR 0042). The lease, a minute (the shortest allowed), is then only the
    /// fallback it is in production.
    /// </summary>
    public async Task<ServiceInstance> StartInstanceAsync(string name, LoopbackSmtpServer smtp, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = BaseSettings(name);
        settings["Unmentoring__PublicBaseUrl"] = "http://127.0.0.1";
        settings["Unmentoring__Smtp__Host"] = "127.0.0.1";
        settings["Unmentoring__Smtp__Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture);
        settings["Unmentoring__Smtp__Security"] = "None";
        settings["Unmentoring__Scheduler__CheckinInterval"] = "00:00:01";
        settings["Unmentoring__Scheduler__CheckinMisfireThreshold"] = "00:00:05";
        settings["Unmentoring__Scheduler__RulesCheckInterval"] = "00:00:01";
        settings["Unmentoring__Dispatcher__PollInterval"] = "00:00:00.2";
        settings["Unmentoring__Dispatcher__LeaseDuration"] = "00:01:00";
        settings["Unmentoring__Dispatcher__CheckinInterval"] = "00:00:01";
        settings["Unmentoring__Dispatcher__PresumedDeadAfter"] = "00:00:05";
        settings["Unmentoring__Dispatcher__FirstRetryAfter"] = "00:00:01";
        settings["Unmentoring__Dispatcher__MaxBackoff"] = "00:00:02";
        settings["Unmentoring__Web__MinimumFillTime"] = "00:00:00";
        settings["Unmentoring__Web__FormPostsPerWindow"] = "100000000";
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        // Port 0: the system picks a free port at bind time, so side-by-side trials cannot race for one.
        var instance = new ServiceInstance(name, ServiceProcess.Start(["serve", "--urls", "http://127.0.0.1:0"], settings));
        lock (_instances)
        {
            _instances.Add(instance);
        }

        await instance.WaitUntilHealthyAsync(TimeSpan.FromMinutes(3));
        return instance;
    }

    /// <summary>
    /// Makes the round due every <paramref name="every"/> seconds with <c>unmentoring rules set</c>, as an
    /// organiser would; the running instances pick the new schedule up within RulesCheckInterval. The
    /// first firing plans this month's round and every later one must find it there and do nothing, so a
    /// loaded machine that is slow to start the CLI cannot make the trial miss its moment. Returns the
    /// period (UTC).
    /// </summary>
    public async Task<string> ScheduleRoundsAsync(int every = 5)
    {
        var set = await ServiceProcess.RunAsync(
            ["rules", "set", string.Create(CultureInfo.InvariantCulture, $"scheduleCron=0/{every} * * * * ?"), "timeZone=UTC", "--by", "reliability"],
            BaseSettings("unmentoring-rules"),
            timeout: TimeSpan.FromMinutes(3));
        Assert.True(set.ExitCode == 0, $"unmentoring rules set failed: {set.Output} {set.Error}");
        return DateTimeOffset.UtcNow.ToString("yyyy-MM", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Empties the rounds and every table that hangs off them (groups, outcomes, feedback, the outbox and its
    /// counts), so the next firing of the schedule plans the period again: a kill trial's next round on the
    /// same database and processes. Done halfway between two firings of a <paramref name="every"/>-second
    /// schedule, so that no firing is part of the way through when the rows go.
    /// </summary>
    public async Task ForgetRoundsAsync(int every = 5)
    {
        var now = DateTimeOffset.UtcNow;
        var into = now.ToUnixTimeMilliseconds() % (every * 1_000L);
        var halfway = every * 500L;
        await Task.Delay(TimeSpan.FromMilliseconds(into <= halfway ? halfway - into : every * 1_000L - into + halfway));
        // The service refuses to delete a round or a group (triggers of migration 0007 keep the history
        // whole). Turned off and on again inside one transaction, nobody else ever sees them off, and no
        // superuser is needed, only the tables' owner. The four history tables are named: 0007 replaced their
        // declared keys with triggers, so CASCADE would miss them. The outbox's counts empty themselves
        // (migration 0026's TRUNCATE trigger).
        await ExecuteAsync(
            """
            BEGIN;
            ALTER TABLE rounds DISABLE TRIGGER rounds_never_deleted;
            ALTER TABLE round_groups DISABLE TRIGGER round_groups_never_deleted;
            TRUNCATE rounds, round_groups, group_members, round_outcomes, outbox_messages CASCADE;
            ALTER TABLE rounds ENABLE TRIGGER rounds_never_deleted;
            ALTER TABLE round_groups ENABLE TRIGGER round_groups_never_deleted;
            COMMIT;
            """);
    }

    /// <summary>Waits until the round of <paramref name="period"/> exists and no email is waiting or being sent; false on timeout.</summary>
    public Task<bool> RoundSentAsync(string period, TimeSpan timeout) =>
        Eventually.HoldsAsync(
            async () => await ScalarAsync("SELECT count(*) FROM rounds WHERE period = @period", ("period", period)) > 0 && await UnsettledEmailsAsync() == 0,
            timeout);

    /// <summary>Outbox rows still pending, retrying or claimed.</summary>
    public Task<long> UnsettledEmailsAsync() => ScalarAsync("SELECT count(*) FROM outbox_messages WHERE state IN ('pending', 'retrying', 'sending')");

    public string Logs(int lines = 25) =>
        string.Concat(_instances.Select(i => $"\n--- {i.Name}{(i.HasExited ? " (exited)" : "")} ---\n{string.Join("\n", i.Lines.TakeLast(lines).Select(l => l.Length > 300 ? l[..300] + "…" : l))}"));

    public async Task<long> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(CountingConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(CountingConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Rows of a query as arrays of values.</summary>
    public async Task<List<object?[]>> RowsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(CountingConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            instance.Dispose();
        }

        await _server.DropDatabaseAsync(ConnectionString);
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
