using System.Data.Common;
using System.Globalization;
using System.Reflection;

namespace Unmentoring.Storage;

/// <summary>
/// Applies the numbered SQL files for the provider in order, each inside its own transaction together with
/// its row in <c>schema_version</c>. Running it again applies nothing. On PostgreSQL a session advisory lock
/// makes instances that migrate at once wait for each other; on SQLite the write lock of an immediate
/// transaction does the same.
/// </summary>
internal sealed class Migrator(Database database, ILogger<Migrator> logger, TimeProvider time)
{
    // Any fixed number; it names "Unmentoring migrations" among advisory locks on the server.
    private const long AdvisoryLockKey = 0x756E6D656E746F72;

    public sealed record Migration(int Version, string Name, string Sql);

    public static IReadOnlyList<Migration> For(DatabaseProvider provider)
    {
        var folder = $"migrations/{provider}/";
        var assembly = typeof(Migrator).Assembly;
        return assembly.GetManifestResourceNames()
            .Select(n => n.Replace('\\', '/'))
            .Where(n => n.StartsWith(folder, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var file = n[folder.Length..];
                var version = int.Parse(file[..file.IndexOf('_', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
                using var stream = assembly.GetManifestResourceStream(n) ?? throw new InvalidOperationException($"Missing resource {n}");
                using var reader = new StreamReader(stream);
                return new Migration(version, file, reader.ReadToEnd());
            })
            .OrderBy(m => m.Version)
            .ToList();
    }

    /// <summary>
    /// Brings the schema up to date, or up to version upTo (tests use it to check that a migration carries
    /// earlier data forward); returns the names of the migrations it applied.
    /// </summary>
    public Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default) => MigrateAsync(null, cancellationToken);

    /// <inheritdoc cref="MigrateAsync(CancellationToken)"/>
    public async Task<IReadOnlyList<string>> MigrateAsync(int? upTo, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var postgres = database.Provider == DatabaseProvider.Postgres;
        if (postgres)
        {
            await connection.ExecuteAsync("SELECT pg_advisory_lock(@key)", null, cancellationToken, ("key", AdvisoryLockKey));
        }
        else
        {
            // WAL lets readers carry on while a round is written; it is a property of the file, so set it once here.
            await connection.ExecuteAsync("PRAGMA journal_mode = WAL", null, cancellationToken);
        }

        try
        {
            await connection.ExecuteAsync(
                """
                CREATE TABLE IF NOT EXISTS schema_version (
                    version    integer PRIMARY KEY,
                    name       text NOT NULL,
                    applied_at text NOT NULL
                )
                """,
                null,
                cancellationToken);

            var applied = new List<string>();
            foreach (var migration in For(database.Provider).Where(m => upTo is null || m.Version <= upTo))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                var already = await connection.ScalarAsync<long?>(
                    "SELECT count(*) FROM schema_version WHERE version = @version", transaction, cancellationToken, ("version", migration.Version));
                if (already > 0)
                {
                    await transaction.RollbackAsync(cancellationToken);
                    continue;
                }

                logger.LogInformation("Applying migration {Migration} to the {Provider} database", migration.Name, database.Provider);
                await ExecuteScriptAsync(connection, transaction, migration.Sql, cancellationToken);
                await connection.ExecuteAsync(
                    "INSERT INTO schema_version (version, name, applied_at) VALUES (@version, @name, @at)",
                    transaction,
                    cancellationToken,
                    ("version", migration.Version),
                    ("name", migration.Name),
                    ("at", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)));
                await transaction.CommitAsync(cancellationToken);
                applied.Add(migration.Name);
            }

            return applied;
        }
        finally
        {
            if (postgres)
            {
                await connection.ExecuteAsync("SELECT pg_advisory_unlock(@key)", null, CancellationToken.None, ("key", AdvisoryLockKey));
            }
        }
    }

    /// <summary>The versions recorded as applied, for status output and tests.</summary>
    public async Task<IReadOnlyList<int>> AppliedAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var exists = database.Provider == DatabaseProvider.Postgres
            ? await connection.ScalarAsync<bool>("SELECT to_regclass('schema_version') IS NOT NULL", null, cancellationToken)
            : await connection.ScalarAsync<long>("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'", null, cancellationToken) > 0;
        if (!exists)
        {
            return [];
        }

        var versions = new List<int>();
        await using var command = connection.Command("SELECT version FROM schema_version ORDER BY version");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }

    private static async Task ExecuteScriptAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        // Both providers run several statements in one command text; SQLite's DbCommand steps through them all.
        await using var command = connection.Command(sql, transaction);
        command.CommandTimeout = 300;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
