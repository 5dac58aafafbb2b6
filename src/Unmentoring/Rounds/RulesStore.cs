using Unmentoring.Storage;

namespace Unmentoring.Rounds;

/// <summary>One version of the rules: what they were, who set them, when, and what changed.</summary>
internal sealed record RulesVersion(int Version, SchemeRules Rules, string ChangedBy, DateTime ChangedAt, string Change);

/// <summary>
/// Rules are never edited in place: each change is a new version, so every round can say which rules it
/// was planned under. Before anyone sets a rule the defaults are version 1, written on first read.
/// </summary>
internal sealed class RulesStore(Database database, TimeProvider time)
{
    public async Task<RulesVersion> CurrentAsync(CancellationToken cancellationToken = default)
    {
        var latest = await LatestAsync(cancellationToken);
        if (latest is not null)
        {
            return latest;
        }

        try
        {
            return await SaveAsync(new SchemeRules(), "system", "the defaults", expectedVersion: 0, cancellationToken);
        }
        catch (System.Data.Common.DbException ex) when (Participants.ParticipantStore.IsUniqueViolation(ex))
        {
            // Another instance wrote the defaults first; theirs are the same.
            return await LatestAsync(cancellationToken) ?? throw new InvalidOperationException("The rules vanished after being written.", ex);
        }
    }

    /// <summary>Stores <paramref name="rules"/> as the version after <paramref name="expectedVersion"/>.
    /// Two organisers saving at once cannot both win: the version is the primary key.</summary>
    public async Task<RulesVersion> SaveAsync(SchemeRules rules, string changedBy, string change, int expectedVersion, CancellationToken cancellationToken = default)
    {
        rules.Validate();
        var version = new RulesVersion(expectedVersion + 1, rules, changedBy, time.StorageNow(), change);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(
            "INSERT INTO rules_versions (version, rules, changed_by, changed_at, change) VALUES (@version, @rules, @by, @at, @change)",
            transaction,
            cancellationToken,
            ("version", version.Version),
            ("rules", rules.ToJson()),
            ("by", changedBy),
            ("at", version.ChangedAt),
            ("change", change));
        await connection.ExecuteAsync(
            "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (@at, @actor, 'rules.changed', @subject, @detail)",
            transaction,
            cancellationToken,
            ("at", version.ChangedAt),
            ("actor", changedBy),
            ("subject", $"rules version {version.Version}"),
            ("detail", change));
        await transaction.CommitAsync(cancellationToken);
        return version;
    }

    public async Task<RulesVersion?> FindAsync(int version, CancellationToken cancellationToken = default) =>
        (await QueryAsync("SELECT version, rules, changed_by, changed_at, change FROM rules_versions WHERE version = @v", cancellationToken, ("v", version))).SingleOrDefault();

    private async Task<RulesVersion?> LatestAsync(CancellationToken cancellationToken) =>
        (await QueryAsync("SELECT version, rules, changed_by, changed_at, change FROM rules_versions ORDER BY version DESC LIMIT 1", cancellationToken)).SingleOrDefault();

    private async Task<List<RulesVersion>> QueryAsync(string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(sql, null, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<RulesVersion>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new RulesVersion(reader.GetInt32(0), SchemeRules.FromJson(reader.GetString(1)), reader.GetString(2), reader.Utc(3), reader.GetString(4)));
        }

        return list;
    }
}
