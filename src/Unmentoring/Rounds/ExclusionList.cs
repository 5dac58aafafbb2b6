using Unmentoring.Participants;
using Unmentoring.Storage;

namespace Unmentoring.Rounds;

/// <summary>One side of an exclusion: the participant, with no email or name once they deleted their data.</summary>
internal sealed record ExcludedPerson(long Id, string? Email, string? Name)
{
    /// <summary>How the organisers' pages and the command line name them.</summary>
    public string Label => Email is null ? "(someone who has since deleted their data)" : string.IsNullOrWhiteSpace(Name) ? Email : $"{Name} <{Email}>";
}

/// <summary>"Never pair these two": the lower id first, as stored, with the reason, who added it and when.</summary>
internal sealed record Exclusion(ExcludedPerson First, ExcludedPerson Second, string? Reason, string CreatedBy, DateTime CreatedAt);

/// <summary>
/// The exclusions every round honours (<c>exclusions</c>, read by <see cref="RoundHistory.ExclusionsAsync"/>).
/// The command line and the organisers' page add and remove them here, each change audited in its own
/// transaction; a participant's report adds one through <see cref="InsertAsync"/> inside the report's.
/// </summary>
internal sealed class ExclusionList(Database database, ParticipantStore participants, AuditLog audit, TimeProvider time)
{
    /// <summary>Who added an exclusion that a participant asked for (the report itself says which participant).</summary>
    public const string ReportedByParticipant = "a participant, after a round";

    /// <summary>The participants with these addresses (any case), or null for an address nobody has.</summary>
    public async Task<(Participant? First, Participant? Second)> FindPairAsync(string first, string second, CancellationToken cancellationToken = default) =>
        (await participants.FindByEmailAsync(first.Trim(), cancellationToken: cancellationToken),
         await participants.FindByEmailAsync(second.Trim(), cancellationToken: cancellationToken));

    public async Task<IReadOnlyList<Exclusion>> AllAsync(CancellationToken cancellationToken = default)
    {
        await using var session = await database.SessionAsync(null, cancellationToken);
        var rows = await session.QueryAsync<ExclusionRow>(
            """
            SELECT e.participant_a, e.participant_b, e.reason, e.created_by, e.created_at,
                   a.email AS first_email, a.name AS first_name, b.email AS second_email, b.name AS second_name
            FROM exclusions e
            JOIN participants a ON a.id = e.participant_a
            JOIN participants b ON b.id = e.participant_b
            ORDER BY e.created_at DESC, e.participant_a, e.participant_b
            """);
        return rows.Select(r => new Exclusion(
            new ExcludedPerson(r.ParticipantA, r.FirstEmail, r.FirstName),
            new ExcludedPerson(r.ParticipantB, r.SecondEmail, r.SecondName),
            r.Reason,
            r.CreatedBy,
            r.CreatedAt)).ToList();
    }

    /// <summary>Excludes the pair (in either order); false when it was already excluded, which changes nothing.</summary>
    public async Task<bool> AddAsync(Participant first, Participant second, string? reason, string actor, CancellationToken cancellationToken = default)
    {
        if (first.Id == second.Id)
        {
            throw new ArgumentException("An exclusion needs two different people.", nameof(second));
        }

        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        var added = await InsertAsync(session, first.Id, second.Id, reason, actor, time.StorageNow());
        if (added)
        {
            await audit.RecordAsync(actor, "exclusion.added", $"{first.Email} and {second.Email}", reason ?? "", transaction, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return added;
    }

    /// <summary>Lets the pair be paired again; false when they were not excluded.</summary>
    public async Task<bool> RemoveAsync(long first, long second, string actor, CancellationToken cancellationToken = default)
    {
        var (a, b) = Ordered(first, second);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        var emails = await session.QueryAsync<EmailRow>("SELECT id, email FROM participants WHERE id IN (@a, @b)", new { a, b });
        var removed = await session.ExecuteAsync("DELETE FROM exclusions WHERE participant_a = @a AND participant_b = @b", new { a, b }) == 1;
        if (removed)
        {
            string Named(long id) => emails.FirstOrDefault(e => e.Id == id)?.Email ?? "(someone who has since deleted their data)";
            await audit.RecordAsync(actor, "exclusion.removed", $"{Named(a)} and {Named(b)}", "", transaction, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return removed;
    }

    /// <summary>Writes the exclusion in the caller's transaction unless the pair is already excluded; returns whether it was new.</summary>
    internal static async Task<bool> InsertAsync(DbSession session, long first, long second, string? reason, string createdBy, DateTime now)
    {
        var (a, b) = Ordered(first, second);
        return await session.ExecuteAsync(
            """
            INSERT INTO exclusions (participant_a, participant_b, reason, created_by, created_at)
            VALUES (@a, @b, @reason, @createdBy, @now)
            ON CONFLICT (participant_a, participant_b) DO NOTHING
            """,
            new { a, b, reason, createdBy, now }) == 1;
    }

    /// <summary>The table keeps each pair once, the lower id first (exclusions_order_check).</summary>
    private static (long A, long B) Ordered(long first, long second) => first < second ? (first, second) : (second, first);

    private sealed class ExclusionRow
    {
        public long ParticipantA { get; set; }

        public long ParticipantB { get; set; }

        public string? Reason { get; set; }

        public string CreatedBy { get; set; } = "";

        public DateTime CreatedAt { get; set; }

        public string? FirstEmail { get; set; }

        public string? FirstName { get; set; }

        public string? SecondEmail { get; set; }

        public string? SecondName { get; set; }
    }

    private sealed class EmailRow
    {
        public long Id { get; set; }

        public string? Email { get; set; }
    }
}
