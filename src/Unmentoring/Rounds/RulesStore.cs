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
    private readonly AuditLog _audit = new(database, time);

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
        catch (System.Data.Common.DbException ex) when (Database.IsUniqueViolation(ex))
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
        await using (var session = await database.SessionAsync(transaction, cancellationToken))
        {
            await session.ExecuteAsync(
                "INSERT INTO rules_versions (version, rules, changed_by, changed_at, change) VALUES (@Version, @rules, @ChangedBy, @ChangedAt, @Change)",
                new { version.Version, rules = rules.ToJson(), version.ChangedBy, version.ChangedAt, version.Change });
        }

        await _audit.RecordAsync(changedBy, "rules.changed", $"rules version {version.Version}", change, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return version;
    }

    public async Task<RulesVersion?> FindAsync(int version, CancellationToken cancellationToken = default) =>
        await QuerySingleAsync($"{Select} WHERE version = @version", new { version }, cancellationToken);

    /// <summary>Every version, newest first: the organisers' page lists them with what changed.</summary>
    public async Task<IReadOnlyList<RulesVersion>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var session = await database.SessionAsync(null, cancellationToken);
        var rows = await session.QueryAsync<RulesRow>($"{Select} ORDER BY version DESC", null);
        return rows.Select(row => new RulesVersion(row.Version, SchemeRules.FromJson(row.Rules), row.ChangedBy, row.ChangedAt, row.Change)).ToList();
    }

    private Task<RulesVersion?> LatestAsync(CancellationToken cancellationToken) =>
        QuerySingleAsync($"{Select} ORDER BY version DESC LIMIT 1", null, cancellationToken);

    private const string Select = "SELECT version, rules, changed_by, changed_at, change FROM rules_versions";

    private async Task<RulesVersion?> QuerySingleAsync(string sql, object? parameters, CancellationToken cancellationToken)
    {
        await using var session = await database.SessionAsync(null, cancellationToken);
        var row = await session.QuerySingleOrDefaultAsync<RulesRow>(sql, parameters);
        return row is null ? null : new RulesVersion(row.Version, SchemeRules.FromJson(row.Rules), row.ChangedBy, row.ChangedAt, row.Change);
    }

    /// <summary>A row of <c>rules_versions</c>; the rules themselves are JSON.</summary>
    private sealed class RulesRow
    {
        public int Version { get; set; }

        public string Rules { get; set; } = "";

        public string ChangedBy { get; set; } = "";

        public DateTime ChangedAt { get; set; }

        public string Change { get; set; } = "";
    }
}
