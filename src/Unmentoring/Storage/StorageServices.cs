using Microsoft.Extensions.Options;
using Npgsql;
using Unmentoring.Hosting;
using Unmentoring.Participants;
using Unmentoring.Rounds;

namespace Unmentoring.Storage;

/// <summary>The <c>ConnectionStrings</c> section: PostgreSQL when set, the embedded SQLite file when not.</summary>
internal sealed class StorageOptions
{
    public const string Section = "ConnectionStrings";

    public string? Postgres { get; set; }

    internal static IEnumerable<string> Check(StorageOptions o, string section)
    {
        if (string.IsNullOrWhiteSpace(o.Postgres))
        {
            yield break;
        }

        string? problem = null;
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(o.Postgres);
            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                problem = "it names no Host";
            }
        }
        catch (ArgumentException ex)
        {
            // The message names the keyword, never the value (which may be a password).
            problem = ex.Message;
        }

        if (problem is not null)
        {
            yield return $"{section}:Postgres is not a valid PostgreSQL connection string ({problem}); use the form Host=db.example.org;Database=unmentoring;Username=unmentoring;Password=...";
        }
    }
}

internal static class StorageServices
{
    public const string SqliteFileName = "unmentoring.db";

    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddValidatedOptions<StorageOptions>(StorageOptions.Section, StorageOptions.Check);
        services.AddSingleton(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            return string.IsNullOrWhiteSpace(storage.Postgres)
                ? Database.ForSqlite(Path.Combine(sp.GetRequiredService<IOptions<UnmentoringOptions>>().Value.DataPath, SqliteFileName))
                : Database.ForPostgres(storage.Postgres);
        });
        services.AddSingleton<Migrator>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<ParticipantStore>();
        services.AddSingleton<RulesStore>();
        services.AddSingleton<ParticipantImport>();
        return services;
    }

    /// <summary>
    /// SQLite (the embedded default) migrates itself, and so does PostgreSQL with MigrateOnStart; otherwise a
    /// PostgreSQL schema that is behind stops the start with the command that fixes it.
    /// </summary>
    public static async Task PrepareDatabaseAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var database = services.GetRequiredService<Database>();
        var migrator = services.GetRequiredService<Migrator>();
        if (database.Provider == DatabaseProvider.Sqlite || services.GetRequiredService<IOptions<UnmentoringOptions>>().Value.MigrateOnStart)
        {
            await migrator.MigrateAsync(cancellationToken);
        }
        else
        {
            await RequireMigratedAsync(database, migrator, cancellationToken);
        }

        // Read (or create) the link-signing key now, outside any transaction: on SQLite, creating it from
        // inside a round's write transaction would wait for that same transaction's lock.
        _ = services.GetService<LinkSigningKey>()?.Value;
    }

    private static async Task RequireMigratedAsync(Database database, Migrator migrator, CancellationToken cancellationToken)
    {
        var applied = await migrator.AppliedAsync(cancellationToken);
        var missing = Migrator.For(database.Provider).Where(m => !applied.Contains(m.Version)).Select(m => m.Name).ToList();
        if (missing.Count > 0)
        {
            throw new ConfigurationException(
                $"the {database.Description} is missing migrations ({string.Join(", ", missing)}); run 'unmentoring migrate' first, or set Unmentoring:MigrateOnStart=true.");
        }
    }
}
