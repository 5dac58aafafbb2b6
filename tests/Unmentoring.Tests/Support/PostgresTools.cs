using System.Diagnostics;
using Npgsql;

namespace Unmentoring.Tests.Support;

/// <summary>
/// PostgreSQL's own backup programs, pg_dump and pg_restore, run as an operator runs them: from the same
/// installation as the test cluster's initdb (so their major version matches the server's), custom format.
/// </summary>
internal static class PostgresTools
{
    public static Task DumpAsync(string connectionString, string file) =>
        RunAsync("pg_dump", connectionString, ["--format=custom", "--file", file]);

    /// <summary>Restores into an existing, empty database, stopping at the first error.</summary>
    public static Task RestoreAsync(string file, string connectionString) =>
        RunAsync("pg_restore", connectionString, ["--exit-on-error", "--no-owner", "--no-privileges", file]);

    /// <summary>The program beside initdb (e.g. /usr/lib/postgresql/15/bin), else the one on PATH.</summary>
    public static string Find(string program)
    {
        var initdb = PostgresServer.FindBinary("initdb");
        var beside = initdb is null ? null : Path.Combine(Path.GetDirectoryName(initdb)!, program);
        return beside is not null && File.Exists(beside)
            ? beside
            : PostgresServer.FindBinary(program) ?? throw new InvalidOperationException($"{program} is not installed (it comes with the PostgreSQL client).");
    }

    private static async Task RunAsync(string program, string connectionString, IReadOnlyList<string> args)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(Find(program)) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--host", connection.Host!, "--port", connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--username", connection.Username!, "--dbname", connection.Database! }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        if (!string.IsNullOrEmpty(connection.Password))
        {
            start.Environment["PGPASSWORD"] = connection.Password;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} exited {process.ExitCode}: {await error} {await output}");
        }
    }
}
