using System.Data.Common;
using Unmentoring.Storage;

namespace Unmentoring.Participants;

/// <summary>What a participant may change about themselves on the manage pages.</summary>
internal sealed record ParticipantDetails(string Name, string Organisation, string Role, string? Phone, string? Video, string Intro);

/// <summary>An email address that someone else already uses (the database said so, ignoring case).</summary>
internal sealed class DuplicateEmailException(string message, Exception inner) : Exception(message, inner);

/// <summary>Reads and writes participants. Email uniqueness is the database's job (a unique index on lower(email)).</summary>
internal sealed class ParticipantStore(Database database, TimeProvider time)
{
    private const string Columns =
        "id, public_id, email, name, organisation, role, phone, video, intro, cadence, status, paused_until, skip_period, " +
        "consent_basis, consent_text_version, consent_at, conduct_agreed_at, undeliverable_at, created_at, confirmed_at, updated_at, erased_at";

    /// <summary>Adds a participant; returns it with its id and times. Throws <see cref="DuplicateEmailException"/> for a known address.</summary>
    public async Task<Participant> AddAsync(Participant participant, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await AddAsync(connection, null, participant, cancellationToken);
    }

    public async Task<Participant> AddAsync(DbConnection connection, DbTransaction? transaction, Participant participant, CancellationToken cancellationToken)
    {
        var stored = Stamped(participant);
        try
        {
            var id = await connection.ScalarAsync<long>($"{Insert} RETURNING id", transaction, cancellationToken, InsertParameters(stored));
            return stored with { Id = id };
        }
        catch (DbException ex) when (IsUniqueViolation(ex, "participants_email_unique"))
        {
            throw new DuplicateEmailException("Someone has already signed up with this email address.", ex);
        }
    }

    /// <summary>
    /// A sign-up's writes in one round trip: adds <paramref name="newcomer"/> with their confirmation token
    /// unless someone already has the address (ignoring case), then reads whoever has it now. Returns that
    /// participant and, when it is the newcomer, the id of the stored token; someone already there is left
    /// as they were and gets no token here.
    /// </summary>
    public async Task<(Participant Holder, long? ConfirmTokenId)> JoinAsync(
        DbConnection connection, DbTransaction? transaction, Participant newcomer, NewToken confirmation, CancellationToken cancellationToken)
    {
        // Always a fresh public id: the token below goes to the row that has it.
        var stored = Stamped(newcomer with { PublicId = Guid.NewGuid().ToString() });

        // Three statements, one command. If another sign-up with the same address is still open, PostgreSQL
        // waits for it and then inserts nothing; the SELECT, a statement of its own, sees what it committed.
        // The token goes to the row with the newcomer's fresh public id, so only a newcomer gets one.
        await using var command = connection.Command(
            $"""
            {Insert} ON CONFLICT (lower(email)) WHERE email IS NOT NULL DO NOTHING;
            INSERT INTO tokens ({TokenStore.Columns})
            SELECT @token_purpose, id, @token_hash, @token_created_at, @token_expires_at FROM participants WHERE public_id = @public_id
            RETURNING id;
            SELECT {Columns} FROM participants WHERE lower(email) = lower(@email);
            """,
            transaction,
            [
                .. InsertParameters(stored),
                ("token_purpose", TokenStore.Code(TokenPurpose.Confirm)),
                ("token_hash", confirmation.Hash),
                ("token_created_at", confirmation.CreatedAt),
                ("token_expires_at", confirmation.ExpiresAt),
            ]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        long? tokenId = await reader.ReadAsync(cancellationToken) ? reader.GetInt64(0) : null;
        await reader.NextResultAsync(cancellationToken);
        var holder = await reader.ReadAsync(cancellationToken)
            ? Read(reader)
            : throw new InvalidOperationException("A sign-up found nobody with its address just after adding them.");
        return (holder, tokenId);
    }

    public async Task<Participant?> FindByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await FindByEmailAsync(connection, null, email, cancellationToken);
    }

    public async Task<Participant?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await FindAsync(connection, null, id, cancellationToken);
    }

    public async Task<IReadOnlyList<Participant>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await QueryAsync(connection, null, $"SELECT {Columns} FROM participants ORDER BY id", cancellationToken);
    }

    /// <summary>
    /// Confirmed people who can take part on <paramref name="date"/>: active, or paused until that date or
    /// earlier (a pause ends by itself). Cadence and skipped rounds are the round's business, not this list's.
    /// </summary>
    public async Task<IReadOnlyList<Participant>> ListEligibleAsync(DateOnly date, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ListEligibleAsync(connection, null, date, cancellationToken);
    }

    public Task<IReadOnlyList<Participant>> ListEligibleAsync(DbConnection connection, DbTransaction? transaction, DateOnly date, CancellationToken cancellationToken) =>
        QueryAsync(
            connection,
            transaction,
            $"""
            SELECT {Columns} FROM participants
            WHERE confirmed_at IS NOT NULL
              AND (status = 'active' OR (status = 'paused' AND paused_until <= @date))
            ORDER BY id
            """,
            cancellationToken,
            ("date", date));

    /// <summary>Everyone confirmed who has not left (active or paused): the people a round has something to say to.</summary>
    public Task<IReadOnlyList<Participant>> ListConfirmedAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken) =>
        QueryAsync(
            connection,
            transaction,
            $"SELECT {Columns} FROM participants WHERE confirmed_at IS NOT NULL AND status IN ('active', 'paused') ORDER BY id",
            cancellationToken);

    /// <summary>
    /// Moves a participant to another status. Pausing needs the date it ends; confirming records the time.
    /// Returns false when there is no such participant (or they were erased, which is final).
    /// </summary>
    public async Task<bool> ChangeStatusAsync(long id, ParticipantStatus status, DateOnly? pausedUntil = null, CancellationToken cancellationToken = default)
    {
        if ((status == ParticipantStatus.Paused) != pausedUntil.HasValue)
        {
            throw new ArgumentException("A pause needs the date it ends, and only a pause has one.", nameof(pausedUntil));
        }

        if (status == ParticipantStatus.Erased)
        {
            throw new ArgumentException("Erasure removes personal data; use EraseAsync.", nameof(status));
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var now = time.StorageNow();
        var changed = await connection.ExecuteAsync(
            """
            UPDATE participants
            SET status = @status, paused_until = @paused_until, updated_at = @now,
                confirmed_at = CASE WHEN @status = 'active' AND confirmed_at IS NULL THEN @now ELSE confirmed_at END
            WHERE id = @id AND status <> 'erased'
            """,
            null,
            cancellationToken,
            ("status", status.ToCode()),
            ("paused_until", pausedUntil),
            ("now", now),
            ("id", id));
        return changed == 1;
    }

    public async Task<Participant?> FindByEmailAsync(DbConnection connection, DbTransaction? transaction, string email, CancellationToken cancellationToken)
    {
        var found = await QueryAsync(connection, transaction, $"SELECT {Columns} FROM participants WHERE lower(email) = lower(@email)", cancellationToken, ("email", email));
        return found.SingleOrDefault();
    }

    public async Task<Participant?> FindAsync(DbConnection connection, DbTransaction? transaction, long id, CancellationToken cancellationToken)
    {
        var found = await QueryAsync(connection, transaction, $"SELECT {Columns} FROM participants WHERE id = @id", cancellationToken, ("id", id));
        return found.SingleOrDefault();
    }

    /// <summary>The participants with these ids (erased ones too, with their data blank); unknown ids are left out.</summary>
    public async Task<IReadOnlyList<Participant>> FindManyAsync(DbConnection connection, IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var (oneOf, parameter) = connection.OneOf("id", "ids", ids);
        return await QueryAsync(connection, null, $"SELECT {Columns} FROM participants WHERE {oneOf}", cancellationToken, parameter);
    }

    /// <summary>
    /// The person a signed link names, or null when there is none or they were erased: an erased person's
    /// links lead nowhere, whichever page they were for.
    /// </summary>
    public async Task<Participant?> FindByPublicIdAsync(string publicId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var found = await QueryAsync(connection, null, $"SELECT {Columns} FROM participants WHERE public_id = @public_id AND status <> 'erased'", cancellationToken, ("public_id", publicId));
        return found.SingleOrDefault();
    }

    /// <summary>
    /// The confirmation: a pending (or unsubscribed, signing up again) participant becomes active with the
    /// consent they gave now. Returns false for anyone else, e.g. someone already active or erased.
    /// </summary>
    public async Task<bool> ConfirmAsync(DbConnection connection, DbTransaction? transaction, long id, CancellationToken cancellationToken)
    {
        var now = time.StorageNow();
        var changed = await connection.ExecuteAsync(
            """
            UPDATE participants
            SET status = 'active', paused_until = NULL, confirmed_at = @now, updated_at = @now,
                consent_at = COALESCE(consent_at, @now)
            WHERE id = @id AND status IN ('pending', 'unsubscribed')
            """,
            transaction,
            cancellationToken,
            ("now", now),
            ("id", id));
        return changed == 1;
    }

    /// <summary>Records fresh consent (the text version and time) when someone who left signs up again.</summary>
    public async Task RecordConsentAsync(DbConnection connection, DbTransaction? transaction, long id, string textVersion, CancellationToken cancellationToken)
    {
        var now = time.StorageNow();
        await connection.ExecuteAsync(
            """
            UPDATE participants SET consent_basis = @basis, consent_text_version = @version, consent_at = @now, conduct_agreed_at = @now, updated_at = @now
            WHERE id = @id AND status <> 'erased'
            """,
            transaction,
            cancellationToken,
            ("basis", ConsentText.Basis),
            ("version", textVersion),
            ("now", now),
            ("id", id));
    }

    /// <summary>Changes what a participant shares with the people they meet. False for an erased or unknown participant.</summary>
    public async Task<bool> UpdateDetailsAsync(long id, ParticipantDetails details, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(
            """
            UPDATE participants
            SET name = @name, organisation = @organisation, role = @role, phone = @phone, video = @video, intro = @intro, updated_at = @now
            WHERE id = @id AND status <> 'erased'
            """,
            null,
            cancellationToken,
            ("name", details.Name),
            ("organisation", details.Organisation),
            ("role", details.Role),
            ("phone", details.Phone),
            ("video", details.Video),
            ("intro", details.Intro),
            ("now", time.StorageNow()),
            ("id", id));
        return changed == 1;
    }

    public async Task<bool> ChangeCadenceAsync(long id, Cadence cadence, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(
            "UPDATE participants SET cadence = @cadence, updated_at = @now WHERE id = @id AND status <> 'erased'",
            null,
            cancellationToken,
            ("cadence", cadence.ToCode()),
            ("now", time.StorageNow()),
            ("id", id));
        return changed == 1;
    }

    /// <summary>Asks to sit out the round of <paramref name="period"/> (yyyy-MM); null takes the request back.</summary>
    public async Task<bool> SkipPeriodAsync(long id, string? period, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(
            "UPDATE participants SET skip_period = @period, updated_at = @now WHERE id = @id AND status <> 'erased'",
            null,
            cancellationToken,
            ("period", period),
            ("now", time.StorageNow()),
            ("id", id));
        return changed == 1;
    }

    /// <summary>
    /// Removes a participant's personal data at once, everywhere it is held: their row keeps only its ids,
    /// status and times, so past groups still count against repeats for the people they met. Their emails'
    /// contents, their tokens and their feedback's words go too; emails not yet sent to them are suppressed.
    /// Returns false when there is no such participant or they were erased already.
    /// </summary>
    public async Task<bool> EraseAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await Retention.ErasedTraces.RemoveAsync(connection, transaction, id, cancellationToken);
        var now = time.StorageNow();
        var changed = await connection.ExecuteAsync(
            """
            UPDATE participants
            SET email = NULL, name = NULL, organisation = NULL, role = NULL, phone = NULL, video = NULL, intro = NULL,
                status = 'erased', paused_until = NULL, skip_period = NULL, consent_basis = NULL, consent_text_version = NULL,
                undeliverable_reason = NULL, erased_at = @now, updated_at = @now
            WHERE id = @id AND status <> 'erased'
            """,
            transaction,
            cancellationToken,
            ("now", now),
            ("id", id));
        if (changed == 0)
        {
            return false;
        }

        // Emails to them, and introductions that told others about them (their details are in those bodies).
        await connection.ExecuteAsync(
            """
            UPDATE outbox_messages
            SET recipient = 'erased', subject = '(removed)', text_body = '(removed: a participant deleted their data)', html_body = NULL,
                headers = NULL, attachments = NULL, last_reply = NULL,
                state = CASE WHEN state IN ('pending', 'held', 'retrying') THEN 'suppressed' ELSE state END
            WHERE participant_id = @id
               OR (kind = 'introduction' AND participant_id IN (
                      SELECT other.participant_id FROM group_members mine
                      JOIN group_members other ON other.round_id = mine.round_id AND other.group_number = mine.group_number
                      WHERE mine.participant_id = @id))
            """,
            transaction,
            cancellationToken,
            ("id", id));
        await connection.ExecuteAsync("DELETE FROM tokens WHERE participant_id = @id", transaction, cancellationToken, ("id", id));
        await connection.ExecuteAsync("UPDATE feedback SET reason = NULL WHERE participant_id = @id", transaction, cancellationToken, ("id", id));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Whether the database refused a duplicate, optionally of one named unique index or constraint.</summary>
    internal static bool IsUniqueViolation(DbException ex, string? constraint = null) => ex switch
    {
        Npgsql.PostgresException pg => pg.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation && (constraint is null || pg.ConstraintName == constraint),
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.Message.Contains("UNIQUE", StringComparison.Ordinal)
            && (constraint is null || sqlite.Message.Contains(constraint, StringComparison.Ordinal)),
        _ => false,
    };

    private static async Task<IReadOnlyList<Participant>> QueryAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var command = connection.Command(sql, transaction, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<Participant>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(Read(reader));
        }

        return list;
    }

    private const string Insert =
        """
        INSERT INTO participants (public_id, email, name, organisation, role, phone, video, intro, cadence, status, paused_until,
            skip_period, consent_basis, consent_text_version, consent_at, conduct_agreed_at, created_at, confirmed_at, updated_at)
        VALUES (@public_id, @email, @name, @organisation, @role, @phone, @video, @intro, @cadence, @status, @paused_until,
            @skip_period, @consent_basis, @consent_text_version, @consent_at, @conduct_agreed_at, @created_at, @confirmed_at, @updated_at)
        """;

    /// <summary>The participant as it will be stored: a public id if it has none, and now as its times.</summary>
    private Participant Stamped(Participant participant)
    {
        var now = time.StorageNow();
        return participant with
        {
            PublicId = string.IsNullOrEmpty(participant.PublicId) ? Guid.NewGuid().ToString() : participant.PublicId,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    private static (string, object?)[] InsertParameters(Participant p) =>
    [
        ("public_id", p.PublicId),
        ("email", p.Email),
        ("name", p.Name),
        ("organisation", p.Organisation),
        ("role", p.Role),
        ("phone", p.Phone),
        ("video", p.Video),
        ("intro", p.Intro),
        ("cadence", p.Cadence.ToCode()),
        ("status", p.Status.ToCode()),
        ("paused_until", p.PausedUntil),
        ("skip_period", p.SkipPeriod),
        ("consent_basis", p.ConsentBasis),
        ("consent_text_version", p.ConsentTextVersion),
        ("consent_at", p.ConsentAt),
        ("conduct_agreed_at", p.ConductAgreedAt),
        ("created_at", p.CreatedAt),
        ("confirmed_at", p.ConfirmedAt),
        ("updated_at", p.UpdatedAt),
    ];

    private static Participant Read(DbDataReader r) => new()
    {
        Id = r.GetInt64(0),
        PublicId = r.GetString(1),
        Email = r.NullableString(2),
        Name = r.NullableString(3),
        Organisation = r.NullableString(4),
        Role = r.NullableString(5),
        Phone = r.NullableString(6),
        Video = r.NullableString(7),
        Intro = r.NullableString(8),
        Cadence = ParticipantCodes.TryParseCadence(r.GetString(9), out var cadence) ? cadence : throw new InvalidDataException($"Unknown cadence '{r.GetString(9)}' in the database."),
        Status = ParticipantCodes.ParseStatus(r.GetString(10)),
        PausedUntil = r.NullableDate(11),
        SkipPeriod = r.NullableString(12),
        ConsentBasis = r.NullableString(13),
        ConsentTextVersion = r.NullableString(14),
        ConsentAt = r.NullableUtc(15),
        ConductAgreedAt = r.NullableUtc(16),
        UndeliverableAt = r.NullableUtc(17),
        CreatedAt = r.Utc(18),
        ConfirmedAt = r.NullableUtc(19),
        UpdatedAt = r.Utc(20),
        ErasedAt = r.NullableUtc(21),
    };
}
