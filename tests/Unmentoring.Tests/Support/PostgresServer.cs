using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Unmentoring.Tests.Support;

/// <summary>
/// A real, throwaway PostgreSQL for the test run: the server named by UNMENTORING_TEST_POSTGRES, or a
/// cluster made with initdb in a temp folder and started with pg_ctl on a free loopback port (as the
/// postgres user when the tests run as root, because PostgreSQL refuses to run as root). Started once per
/// test run, removed when the process exits. Each test gets its own database.
/// </summary>
public sealed class PostgresServer
{
    public const string EnvironmentVariable = "UNMENTORING_TEST_POSTGRES";

    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    // Once per process: a cluster this process is still creating has no postmaster.pid yet either.
    private static readonly Lazy<bool> StoppedClustersRemoved = new(() =>
    {
        RemoveStoppedClusters();
        return true;
    });

    private readonly string _adminConnectionString;
    private readonly Func<Task>? _restart;
    private readonly Func<Task>? _stop;

    private PostgresServer(string adminConnectionString, string description, Func<Task>? restart = null, Func<Task>? stop = null)
    {
        _adminConnectionString = adminConnectionString;
        Description = description;
        _restart = restart;
        _stop = stop;
    }

    public string Description { get; }

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why PostgreSQL tests cannot run here, or null when they can.</summary>
    public static string? WhyUnavailable()
    {
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(EnvironmentVariable)) || FindBinary("initdb") is not null)
        {
            return null;
        }

        return $"PostgreSQL is not available: install the PostgreSQL server (initdb, pg_ctl on PATH or under /usr/lib/postgresql) or set {EnvironmentVariable} to a connection string for a server where the tests may create databases.";
    }

    public static Task<PostgresServer> GetAsync() => Shared.Value;

    /// <summary>Why a cluster of a test's own (one it may restart) cannot be started here, or null when it can.</summary>
    public static string? WhyNoOwnCluster() =>
        FindBinary("initdb") is null ? "PostgreSQL's initdb and pg_ctl are not installed (on PATH or under /usr/lib/postgresql): a test that restarts the server needs a cluster of its own." : null;

    /// <summary>
    /// A throwaway cluster for one test alone, never the shared one or an external server: a test that
    /// restarts PostgreSQL must not take the other tests' databases down with it. Stopped and removed by
    /// <see cref="StopAsync"/>, or when the process exits if the test did not.
    /// </summary>
    public static Task<PostgresServer> StartOwnClusterAsync() => StartClusterAsync(own: true);

    /// <summary><c>pg_ctl restart -m fast</c>: every connection is closed and the server comes back on the same port.</summary>
    public Task RestartAsync() => _restart?.Invoke() ?? throw new InvalidOperationException($"{Description} is not a cluster this test run started, so it cannot be restarted.");

    /// <summary>
    /// Stops a cluster of a test's own (<see cref="StartOwnClusterAsync"/>) and removes its folder, when the
    /// test is done with it rather than when the process exits: the test host may be ended before its exit
    /// handlers have stopped every cluster, and a cluster that outlives the run keeps its server running.
    /// Does nothing for the shared server or one named by UNMENTORING_TEST_POSTGRES.
    /// </summary>
    public Task StopAsync() => _stop?.Invoke() ?? Task.CompletedTask;

    /// <summary>
    /// A new database, empty or a copy of <paramref name="template"/> (a database of this server made by
    /// this method, with nobody connected to it); returns its connection string.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string? template = null)
    {
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        if (template is not null && !System.Text.RegularExpressions.Regex.IsMatch(template, "^t_[0-9a-f]{16}$"))
        {
            throw new ArgumentException($"{template} is not a database this server made.", nameof(template));
        }

        await using (var connection = new NpgsqlConnection(_adminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(template is null ? $"CREATE DATABASE {name}" : $"CREATE DATABASE {name} TEMPLATE {template}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<PostgresServer> StartAsync()
    {
        var external = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            return new PostgresServer(external, "the server in " + EnvironmentVariable);
        }

        return await StartClusterAsync();
    }

    private static async Task<PostgresServer> StartClusterAsync(bool own = false)
    {
        _ = StoppedClustersRemoved.Value;
        var initdb = FindBinary("initdb") ?? throw new InvalidOperationException(WhyUnavailable());
        var pgCtl = FindBinary("pg_ctl") ?? throw new InvalidOperationException(WhyUnavailable());
        var folder = Directory.CreateTempSubdirectory("unmentoring-pg-").FullName;
        var data = Path.Combine(folder, "data");
        var asRoot = Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root" || IsRoot();
        if (asRoot)
        {
            await RunAsync("chown", ["postgres:postgres", folder], asPostgres: false);
            await RunAsync("chmod", ["700", folder], asPostgres: false);
        }

        await RunAsync(initdb, ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"], asRoot);
        var port = FreePort();
        var options = $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c idle_in_transaction_session_timeout=60s";
        await RunAsync(pgCtl, ["-D", data, "-l", Path.Combine(folder, "server.log"), "-o", options, "-w", "-t", "60", "start"], asRoot);

        var stopped = 0;
        async Task StopAndRemoveAsync()
        {
            if (Interlocked.Exchange(ref stopped, 1) == 1)
            {
                return;
            }

            try
            {
                await RunAsync(pgCtl, ["-D", data, "-m", "immediate", "stop"], asRoot);
            }
            finally
            {
                // The server may still be removing its last files as pg_ctl returns; try a few times.
                for (var attempt = 0; attempt < 10 && Directory.Exists(folder); attempt++)
                {
                    try
                    {
                        Directory.Delete(folder, recursive: true);
                    }
                    catch (IOException)
                    {
                        await Task.Delay(100);
                    }
                    catch (UnauthorizedAccessException)
                    {
                        await Task.Delay(100);
                    }
                }
            }
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAndRemoveAsync().GetAwaiter().GetResult();

        var connectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false;Timeout=30";
        return new PostgresServer(
            connectionString,
            $"a throwaway cluster in {folder} on port {port}",
            () => RunAsync(pgCtl, ["-D", data, "-l", Path.Combine(folder, "server.log"), "-o", options, "-m", "fast", "-w", "-t", "60", "restart"], asRoot),
            own ? StopAndRemoveAsync : null);
    }

    /// <summary>
    /// Clusters of earlier runs that were stopped but whose folders survived (a test host may be ended
    /// before its exit handler has finished deleting): a folder without postmaster.pid holds no running server.
    /// </summary>
    private static void RemoveStoppedClusters()
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), "unmentoring-pg-*"))
        {
            if (File.Exists(Path.Combine(folder, "data", "postmaster.pid")))
            {
                continue;
            }

            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static bool IsRoot()
    {
        try
        {
            return File.ReadAllLines("/proc/self/status").Any(l => l.StartsWith("Uid:", StringComparison.Ordinal) && l.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1] == "0");
        }
        catch (IOException)
        {
            return false;
        }
    }

    internal static string? FindBinary(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        var candidates = path.Split(':', StringSplitOptions.RemoveEmptyEntries).Select(dir => Path.Combine(dir, name));
        var versioned = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(dir => Path.Combine(dir, "bin", name))
            : [];
        return candidates.Concat(versioned).FirstOrDefault(File.Exists);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> args, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asPostgres)
        {
            foreach (var word in new[] { "-u", "postgres", "--", program })
            {
                start.ArgumentList.Add(word);
            }
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed with exit code {process.ExitCode}: {await error} {await output}");
        }
    }
}
