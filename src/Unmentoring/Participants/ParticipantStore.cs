using System.Data.Common;
using Dapper;
using Unmentoring.Storage;

namespace Unmentoring.Participants;

/// <summary>What a participant may change about themselves on the manage pages.</summary>
internal sealed record ParticipantDetails(string Name, string Organisation, string Role, string? Phone, string? Video, string Intro);

/// <summary>An email address that someone else already uses (the database said so, ignoring case).</summary>
internal sealed class DuplicateEmailException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// Reads and writes participants. Email uniqueness is the database's job (a unique index on lower(email)).
/// A method that a caller composes into a larger transaction takes it as <c>transaction</c>; without one it
/// runs on a connection of its own.
/// </summary>
internal sealed class ParticipantStore(Database database, TimeProvider time)
{
    private const string Select = $"SELECT {ParticipantRow.Columns} FROM participants";

    /// <summary>
    /// Adds a participant under a fresh public id; returns it with its id and times. Throws
    /// <see cref="DuplicateEmailException"/> for a known address (the public id is new, so the address is the
    /// only key that can already be taken).
    /// </summary>
    public async Task<Participant> AddAsync(Participant participant, DbTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        var stored = Stamped(participant);
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        try
        {
            var id = await session.ScalarAsync<long>($"{ParticipantRow.Insert} RETURNING id", ParticipantRow.From(stored));
            return stored with { Id = id };
        }
        catch (DbException ex) when (Database.IsUniqueViolation(ex))
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
    public async Task<(Participant Holder, long? ConfirmTokenId)> JoinAsync(Participant newcomer, NewToken confirmation, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var stored = Stamped(newcomer);
        var parameters = ParticipantRow.From<JoiningRow>(stored);
        parameters.TokenPurpose = TokenStore.Code(TokenPurpose.Confirm);
        parameters.TokenHash = confirmation.Hash;
        parameters.TokenCreatedAt = confirmation.CreatedAt;
        parameters.TokenExpiresAt = confirmation.ExpiresAt;

        // Three statements, one command. If another sign-up with the same address is still open, PostgreSQL
        // waits for it and then inserts nothing; the SELECT, a statement of its own, sees what it committed.
        // The token goes to the row with the newcomer's fresh public id, so only a newcomer gets one.
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        await using var results = await session.QueryMultipleAsync(
            $"""
            {ParticipantRow.Insert} ON CONFLICT (lower(email)) WHERE email IS NOT NULL DO NOTHING;
            INSERT INTO tokens ({TokenStore.Columns})
            SELECT @TokenPurpose, id, @TokenHash, @TokenCreatedAt, @TokenExpiresAt FROM participants WHERE public_id = @PublicId
            RETURNING id;
            {Select} WHERE lower(email) = lower(@Email);
            """,
            parameters);
        var tokenId = await results.ReadSingleOrDefaultAsync<long?>();
        var holder = await results.ReadSingleOrDefaultAsync<ParticipantRow>()
            ?? throw new InvalidOperationException("A sign-up found nobody with its address just after adding them.");
        return (holder.ToParticipant(), tokenId);
    }

    public async Task<Participant?> FindByEmailAsync(string email, DbTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"{Select} WHERE lower(email) = lower(@email)", new { email }, transaction, cancellationToken)).SingleOrDefault();

    public async Task<Participant?> FindAsync(long id, DbTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"{Select} WHERE id = @id", new { id }, transaction, cancellationToken)).SingleOrDefault();

    /// <summary>The participants with these ids (erased ones too, with their data blank); unknown ids are left out.</summary>
    public async Task<IReadOnlyList<Participant>> FindManyAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var parameters = new DynamicParameters();
        var oneOf = database.OneOf("id", "ids", ids, parameters);
        return await QueryAsync($"{Select} WHERE {oneOf}", parameters, null, cancellationToken);
    }

    /// <summary>
    /// The person a signed link names, or null when there is none or they were erased: an erased person's
    /// links lead nowhere, whichever page they were for.
    /// </summary>
    public async Task<Participant?> FindByPublicIdAsync(string publicId, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"{Select} WHERE public_id = @publicId AND status <> 'erased'", new { publicId }, null, cancellationToken)).SingleOrDefault();

    public Task<IReadOnlyList<Participant>> ListAsync(CancellationToken cancellationToken = default) =>
        QueryAsync($"{Select} ORDER BY id", null, null, cancellationToken);

    /// <summary>
    /// Everyone confirmed who has not left (active or paused): the people a round has something to say to.
    /// Who of them takes part in a round is the round's decision (<see cref="Rounds.RoundOutcomes.NotTakingPart"/>).
    /// </summary>
    public Task<IReadOnlyList<Participant>> ListConfirmedAsync(DbTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        QueryAsync($"{Select} WHERE {Confirmed} ORDER BY id", null, transaction, cancellationToken);

    /// <summary>Confirmed and not left: whom <see cref="ListConfirmedAsync"/> and <see cref="ListForRoundAsync"/> list.</summary>
    private const string Confirmed = "confirmed_at IS NOT NULL AND status IN ('active', 'paused')";

    /// <summary>
    /// The people of <see cref="ListConfirmedAsync"/>, with only what a round reads of them. A national scheme
    /// is hundreds of thousands of rows, so they are streamed as they arrive (columns found by name once, then
    /// read by their place), as <see cref="Rounds.RoundHistory.MeetingsAsync"/> reads the history, not mapped
    /// to a row object each and copied again.
    /// </summary>
    public async Task<IReadOnlyList<RoundParticipant>> ListForRoundAsync(DbTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        await using var reader = await session.ReaderAsync(
            $"""
            SELECT id, public_id, email, organisation, cadence, status, paused_until, skip_period, undeliverable_at
            FROM participants WHERE {Confirmed} ORDER BY id
            """);
        int id = reader.GetOrdinal("id"), publicId = reader.GetOrdinal("public_id"), email = reader.GetOrdinal("email"),
            organisation = reader.GetOrdinal("organisation"), cadence = reader.GetOrdinal("cadence"), status = reader.GetOrdinal("status"),
            pausedUntil = reader.GetOrdinal("paused_until"), skipPeriod = reader.GetOrdinal("skip_period"), undeliverableAt = reader.GetOrdinal("undeliverable_at");
        var people = new List<RoundParticipant>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var cadenceCode = reader.GetString(cadence);
            people.Add(new RoundParticipant(
                reader.GetInt64(id),
                reader.GetString(publicId),
                reader.IsDBNull(email) ? null : reader.GetString(email),
                reader.IsDBNull(organisation) ? null : reader.GetString(organisation),
                ParticipantCodes.TryParseCadence(cadenceCode, out var parsed) ? parsed : throw new InvalidDataException($"Unknown cadence '{cadenceCode}' in the database."),
                ParticipantCodes.ParseStatus(reader.GetString(status)),
                reader.IsDBNull(pausedUntil) ? null : RowMapping.Date(reader.GetValue(pausedUntil)),
                reader.IsDBNull(skipPeriod) ? null : reader.GetString(skipPeriod),
                reader.IsDBNull(undeliverableAt) ? null : RowMapping.UtcTime(reader.GetValue(undeliverableAt))));
        }

        return people;
    }

    /// <summary>Every address already taken (an import leaves their owners as they are).</summary>
    public async Task<IReadOnlySet<string>> EmailsAsync(DbTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        return (await session.QueryAsync<string>("SELECT email FROM participants WHERE email IS NOT NULL")).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Moves a participant to another status. Pausing needs the date it ends; confirming records the time.
    /// Returns false when there is no such participant (or they were erased, which is final).
    /// </summary>
    public async Task<bool> ChangeStatusAsync(long id, ParticipantStatus status, DateOnly? pausedUntil = null, DbTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        if ((status == ParticipantStatus.Paused) != pausedUntil.HasValue)
        {
            throw new ArgumentException("A pause needs the date it ends, and only a pause has one.", nameof(pausedUntil));
        }

        if (status == ParticipantStatus.Erased)
        {
            throw new ArgumentException("Erasure removes personal data; use EraseAsync.", nameof(status));
        }

        return await ChangeAsync(
            """
            UPDATE participants
            SET status = @status, paused_until = @pausedUntil, updated_at = @now,
                confirmed_at = CASE WHEN @status = 'active' AND confirmed_at IS NULL THEN @now ELSE confirmed_at END
            WHERE id = @id AND status <> 'erased'
            """,
            new { status = status.ToCode(), pausedUntil, now = time.StorageNow(), id },
            transaction,
            cancellationToken);
    }

    /// <summary>
    /// The confirmation: a pending (or unsubscribed, signing up again) participant becomes active with the
    /// consent they gave now. Returns false for anyone else, e.g. someone already active or erased.
    /// </summary>
    public Task<bool> ConfirmAsync(long id, DbTransaction transaction, CancellationToken cancellationToken) =>
        ChangeAsync(
            """
            UPDATE participants
            SET status = 'active', paused_until = NULL, confirmed_at = @now, updated_at = @now,
                consent_at = COALESCE(consent_at, @now)
            WHERE id = @id AND status IN ('pending', 'unsubscribed')
            """,
            new { now = time.StorageNow(), id },
            transaction,
            cancellationToken);

    /// <summary>Records fresh consent (the text version and time) when someone who left signs up again.</summary>
    public Task<bool> RecordConsentAsync(long id, string textVersion, DbTransaction transaction, CancellationToken cancellationToken) =>
        ChangeAsync(
            """
            UPDATE participants SET consent_basis = @basis, consent_text_version = @textVersion, consent_at = @now, conduct_agreed_at = @now, updated_at = @now
            WHERE id = @id AND status <> 'erased'
            """,
            new { basis = ConsentText.Basis, textVersion, now = time.StorageNow(), id },
            transaction,
            cancellationToken);

    /// <summary>Changes what a participant shares with the people they meet. False for an erased or unknown participant.</summary>
    public Task<bool> UpdateDetailsAsync(long id, ParticipantDetails details, CancellationToken cancellationToken = default) =>
        ChangeAsync(
            """
            UPDATE participants
            SET name = @Name, organisation = @Organisation, role = @Role, phone = @Phone, video = @Video, intro = @Intro, updated_at = @now
            WHERE id = @id AND status <> 'erased'
            """,
            new { details.Name, details.Organisation, details.Role, details.Phone, details.Video, details.Intro, now = time.StorageNow(), id },
            null,
            cancellationToken);

    public Task<bool> ChangeCadenceAsync(long id, Cadence cadence, DbTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        ChangeAsync(
            "UPDATE participants SET cadence = @cadence, updated_at = @now WHERE id = @id AND status <> 'erased'",
            new { cadence = cadence.ToCode(), now = time.StorageNow(), id },
            transaction,
            cancellationToken);

    /// <summary>Asks to sit out the round of <paramref name="period"/> (yyyy-MM); null takes the request back.</summary>
    public Task<bool> SkipPeriodAsync(long id, string? period, CancellationToken cancellationToken = default) =>
        ChangeAsync(
            "UPDATE participants SET skip_period = @period, updated_at = @now WHERE id = @id AND status <> 'erased'",
            new { period, now = time.StorageNow(), id },
            null,
            cancellationToken);

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
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        await Retention.ErasedTraces.RemoveAsync(session, id);
        var now = time.StorageNow();
        var changed = await session.ExecuteAsync(
            """
            UPDATE participants
            SET email = NULL, name = NULL, organisation = NULL, role = NULL, phone = NULL, video = NULL, intro = NULL,
                status = 'erased', paused_until = NULL, skip_period = NULL, consent_basis = NULL, consent_text_version = NULL,
                undeliverable_reason = NULL, erased_at = @now, updated_at = @now
            WHERE id = @id AND status <> 'erased'
            """,
            new { now, id });
        if (changed == 0)
        {
            return false;
        }

        // Emails to them, and introductions and "did you meet?" emails that told others about them (their details are in those bodies).
        await session.ExecuteAsync(
            """
            UPDATE outbox_messages
            SET recipient = 'erased', subject = '(removed)', text_body = '(removed: a participant deleted their data)', html_body = NULL,
                headers = NULL, attachments = NULL, last_reply = NULL,
                state = CASE WHEN state IN ('pending', 'held', 'retrying') THEN 'suppressed' ELSE state END
            WHERE participant_id = @id
               OR (kind IN ('introduction', 'followUp') AND participant_id IN (
                      SELECT other.participant_id FROM group_members mine
                      JOIN group_members other ON other.round_id = mine.round_id AND other.group_number = mine.group_number
                      WHERE mine.participant_id = @id))
            """,
            new { id });
        await session.ExecuteAsync("DELETE FROM tokens WHERE participant_id = @id", new { id });
        await session.ExecuteAsync("UPDATE feedback SET reason = NULL WHERE participant_id = @id", new { id });
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private async Task<IReadOnlyList<Participant>> QueryAsync(string sql, object? parameters, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        var rows = await session.QueryAsync<ParticipantRow>(sql, parameters);
        var participants = new List<Participant>(rows.Count);
        foreach (var row in rows)
        {
            participants.Add(row.ToParticipant());
        }

        return participants;
    }

    /// <summary>Runs an UPDATE of one participant; true when it changed their row.</summary>
    private async Task<bool> ChangeAsync(string sql, object parameters, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var session = await database.SessionAsync(transaction, cancellationToken);
        return await session.ExecuteAsync(sql, parameters) == 1;
    }

    /// <summary>The participant as it will be stored: a fresh public id, and now as its times.</summary>
    private Participant Stamped(Participant participant)
    {
        var now = time.StorageNow();
        return participant with
        {
            PublicId = Guid.NewGuid().ToString(),
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>
    /// A sign-up's parameters as one object: the newcomer's columns and their confirmation token's. One plain
    /// object rather than Dapper's <c>DynamicParameters</c> with two templates, which asks the driver for the
    /// type of every parameter it was given (Npgsql works that out anew each time) on every sign-up.
    /// </summary>
    private sealed class JoiningRow : ParticipantRow
    {
        public string TokenPurpose { get; set; } = "";

        public byte[] TokenHash { get; set; } = [];

        public DateTime TokenCreatedAt { get; set; }

        public DateTime TokenExpiresAt { get; set; }
    }
}
