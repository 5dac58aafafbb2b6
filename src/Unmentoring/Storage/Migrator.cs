using System.Globalization;
using System.Reflection;
using Dapper;

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
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@key)", new { key = AdvisoryLockKey }, cancellationToken: cancellationToken));
        }
        else
        {
            // WAL lets readers carry on while a round is written; it is a property of the file, so set it once here.
            await connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode = WAL", cancellationToken: cancellationToken));
        }

        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                CREATE TABLE IF NOT EXISTS schema_version (
                    version    integer PRIMARY KEY,
                    name       text NOT NULL,
                    applied_at text NOT NULL
                )
                """,
                cancellationToken: cancellationToken));

            var applied = new List<string>();
            foreach (var migration in For(database.Provider).Where(m => upTo is null || m.Version <= upTo))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using var session = await database.SessionAsync(transaction, cancellationToken);
                if (await session.ScalarAsync<long>("SELECT count(*) FROM schema_version WHERE version = @version", new { version = migration.Version }) > 0)
                {
                    await transaction.RollbackAsync(cancellationToken);
                    continue;
                }

                logger.LogInformation("Applying migration {Migration} to the {Provider} database", migration.Name, database.Provider);

                // Both providers run several statements in one command text; SQLite's command steps through them all.
                await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, commandTimeout: 300, cancellationToken: cancellationToken));
                await session.ExecuteAsync(
                    "INSERT INTO schema_version (version, name, applied_at) VALUES (@version, @name, @at)",
                    new { version = migration.Version, name = migration.Name, at = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) });
                await transaction.CommitAsync(cancellationToken);
                applied.Add(migration.Name);
            }

            return applied;
        }
        finally
        {
            if (postgres)
            {
                await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@key)", new { key = AdvisoryLockKey }, cancellationToken: CancellationToken.None));
            }
        }
    }

    /// <summary>The versions recorded as applied, for status output and tests.</summary>
    public async Task<IReadOnlyList<int>> AppliedAsync(CancellationToken cancellationToken = default)
    {
        await using var session = await database.SessionAsync(null, cancellationToken);
        var exists = database.Provider == DatabaseProvider.Postgres
            ? await session.ScalarAsync<bool>("SELECT to_regclass('schema_version') IS NOT NULL")
            : await session.ScalarAsync<long>("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'") > 0;
        return exists ? await session.QueryAsync<int>("SELECT version FROM schema_version ORDER BY version") : [];
    }
}
