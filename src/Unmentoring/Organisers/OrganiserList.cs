using Unmentoring.Storage;

namespace Unmentoring.Organisers;

/// <summary>Someone on the organisers' list: the address is the key, the role says whether they may change things.</summary>
internal sealed record Organiser(string Email, string? Name, string Role, DateTime AddedAt, string AddedBy);

/// <summary>
/// The organisers' list (<c>organisers</c>): who may sign in to /organise and with which role. The command
/// line and the Organisers page both change it through here, and every change is audited. Addresses are
/// kept lower-case so the address typed at sign-in and the one a provider sends find the same row.
/// </summary>
internal sealed class OrganiserList(Database database, AuditLog audit, TimeProvider time)
{
    public static string Normalise(string email) => email.Trim().ToLowerInvariant();

    public async Task<Organiser?> FindAsync(string email, CancellationToken cancellationToken = default)
    {
        await using var session = await database.SessionAsync(null, cancellationToken);
        var row = await session.QuerySingleOrDefaultAsync<OrganiserRow>(
            "SELECT email, name, role, added_at, added_by FROM organisers WHERE email = @email",
            new { email = Normalise(email) });
        return row?.ToOrganiser();
    }

    public async Task<IReadOnlyList<Organiser>> AllAsync(CancellationToken cancellationToken = default)
    {
        await using var session = await database.SessionAsync(null, cancellationToken);
        var rows = await session.QueryAsync<OrganiserRow>("SELECT email, name, role, added_at, added_by FROM organisers ORDER BY email");
        return rows.Select(r => r.ToOrganiser()).ToList();
    }

    /// <summary>Adds the address, or changes the name and role of one already there; returns whether it was new.</summary>
    public async Task<bool> AddOrUpdateAsync(string email, string? name, string role, string actor, CancellationToken cancellationToken = default)
    {
        if (!OrganiserRoles.IsKnown(role))
        {
            throw new ArgumentException($"Unknown role '{role}'.", nameof(role));
        }

        email = Normalise(email);
        name = string.IsNullOrWhiteSpace(name) ? null : name.Trim();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        var existed = await session.ScalarAsync<long>("SELECT COUNT(*) FROM organisers WHERE email = @email", new { email }) > 0;
        await session.ExecuteAsync(
            existed
                ? "UPDATE organisers SET name = COALESCE(@name, name), role = @role WHERE email = @email"
                : "INSERT INTO organisers (email, name, role, added_at, added_by) VALUES (@email, @name, @role, @now, @actor)",
            new { email, name, role, now = time.StorageNow(), actor });
        await audit.RecordAsync(actor, existed ? "organiser.changed" : "organiser.added", email, $"role {role}", transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return !existed;
    }

    /// <summary>Takes the address off the list; its sessions end at their next request. False when it was not there.</summary>
    public async Task<bool> RemoveAsync(string email, string actor, CancellationToken cancellationToken = default)
    {
        email = Normalise(email);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        var removed = await session.ExecuteAsync("DELETE FROM organisers WHERE email = @email", new { email }) == 1;
        if (removed)
        {
            await audit.RecordAsync(actor, "organiser.removed", email, "", transaction, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return removed;
    }

    /// <summary>A row of <c>organisers</c>, mapped by column name.</summary>
    private sealed class OrganiserRow
    {
        public string Email { get; set; } = "";

        public string? Name { get; set; }

        public string Role { get; set; } = "";

        public DateTime AddedAt { get; set; }

        public string AddedBy { get; set; } = "";

        public Organiser ToOrganiser() => new(Email, Name, Role, AddedAt, AddedBy);
    }
}
