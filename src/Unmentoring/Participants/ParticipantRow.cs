namespace Unmentoring.Participants;

/// <summary>
/// A row of <c>participants</c> as stored, mapped by column name both ways: Dapper fills it from a query
/// (<c>paused_until</c> into <see cref="PausedUntil"/>), and its properties are the parameters of an insert
/// (<c>@PausedUntil</c>). Codes stay text here; <see cref="ToParticipant"/> and <see cref="From"/> turn
/// them into enums and back. Not sealed only so that a statement needing a few values more can extend
/// it into one parameter object (<see cref="ParticipantStore.JoinAsync"/>'s sign-up row with its token).
/// </summary>
internal class ParticipantRow
{
    /// <summary>Every column a <see cref="ParticipantRow"/> is read from.</summary>
    public const string Columns =
        "id, public_id, email, name, organisation, role, phone, video, intro, cadence, status, paused_until, skip_period, " +
        "consent_basis, consent_text_version, consent_at, conduct_agreed_at, undeliverable_at, created_at, confirmed_at, updated_at, erased_at";

    /// <summary>Adds a participant from a row's properties (the id, undeliverable and erased times are the database's).</summary>
    public const string Insert =
        """
        INSERT INTO participants (public_id, email, name, organisation, role, phone, video, intro, cadence, status, paused_until,
            skip_period, consent_basis, consent_text_version, consent_at, conduct_agreed_at, created_at, confirmed_at, updated_at)
        VALUES (@PublicId, @Email, @Name, @Organisation, @Role, @Phone, @Video, @Intro, @Cadence, @Status, @PausedUntil,
            @SkipPeriod, @ConsentBasis, @ConsentTextVersion, @ConsentAt, @ConductAgreedAt, @CreatedAt, @ConfirmedAt, @UpdatedAt)
        """;

    public long Id { get; set; }

    public string PublicId { get; set; } = "";

    public string? Email { get; set; }

    public string? Name { get; set; }

    public string? Organisation { get; set; }

    public string? Role { get; set; }

    public string? Phone { get; set; }

    public string? Video { get; set; }

    public string? Intro { get; set; }

    public string Cadence { get; set; } = "";

    public string Status { get; set; } = "";

    public DateOnly? PausedUntil { get; set; }

    public string? SkipPeriod { get; set; }

    public string? ConsentBasis { get; set; }

    public string? ConsentTextVersion { get; set; }

    public DateTime? ConsentAt { get; set; }

    public DateTime? ConductAgreedAt { get; set; }

    public DateTime? UndeliverableAt { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? ConfirmedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? ErasedAt { get; set; }

    public Participant ToParticipant() => new()
    {
        Id = Id,
        PublicId = PublicId,
        Email = Email,
        Name = Name,
        Organisation = Organisation,
        Role = Role,
        Phone = Phone,
        Video = Video,
        Intro = Intro,
        Cadence = ParticipantCodes.TryParseCadence(Cadence, out var cadence) ? cadence : throw new InvalidDataException($"Unknown cadence '{Cadence}' in the database."),
        Status = ParticipantCodes.ParseStatus(Status),
        PausedUntil = PausedUntil,
        SkipPeriod = SkipPeriod,
        ConsentBasis = ConsentBasis,
        ConsentTextVersion = ConsentTextVersion,
        ConsentAt = ConsentAt,
        ConductAgreedAt = ConductAgreedAt,
        UndeliverableAt = UndeliverableAt,
        CreatedAt = CreatedAt,
        ConfirmedAt = ConfirmedAt,
        UpdatedAt = UpdatedAt,
        ErasedAt = ErasedAt,
    };

    public static ParticipantRow From(Participant p) => From<ParticipantRow>(p);

    /// <summary>A row of <typeparamref name="TRow"/> (a <see cref="ParticipantRow"/> with a few values more) filled from <paramref name="p"/>.</summary>
    public static TRow From<TRow>(Participant p)
        where TRow : ParticipantRow, new() => new()
    {
        Id = p.Id,
        PublicId = p.PublicId,
        Email = p.Email,
        Name = p.Name,
        Organisation = p.Organisation,
        Role = p.Role,
        Phone = p.Phone,
        Video = p.Video,
        Intro = p.Intro,
        Cadence = p.Cadence.ToCode(),
        Status = p.Status.ToCode(),
        PausedUntil = p.PausedUntil,
        SkipPeriod = p.SkipPeriod,
        ConsentBasis = p.ConsentBasis,
        ConsentTextVersion = p.ConsentTextVersion,
        ConsentAt = p.ConsentAt,
        ConductAgreedAt = p.ConductAgreedAt,
        UndeliverableAt = p.UndeliverableAt,
        CreatedAt = p.CreatedAt,
        ConfirmedAt = p.ConfirmedAt,
        UpdatedAt = p.UpdatedAt,
        ErasedAt = p.ErasedAt,
    };
}
