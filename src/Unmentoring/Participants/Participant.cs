namespace Unmentoring.Participants;

/// <summary>How often someone takes part.</summary>
internal enum Cadence
{
    Monthly,
    TwoMonthly,
    Quarterly,
}

internal enum ParticipantStatus
{
    /// <summary>Signed up, email not yet confirmed.</summary>
    Pending,
    Active,
    /// <summary>Active again by itself on <see cref="Participant.PausedUntil"/>.</summary>
    Paused,
    Unsubscribed,
    /// <summary>Personal data removed; the row stays so history still blocks repeats.</summary>
    Erased,
}

/// <summary>Someone in the scheme. Everything but the ids, status and times is personal data, removed on erasure.</summary>
internal sealed record Participant
{
    public long Id { get; init; }

    public required string PublicId { get; init; }

    public string? Email { get; init; }

    public string? Name { get; init; }

    public string? Organisation { get; init; }

    public string? Role { get; init; }

    public string? Phone { get; init; }

    public string? Video { get; init; }

    public string? Intro { get; init; }

    public Cadence Cadence { get; init; } = Cadence.Monthly;

    public ParticipantStatus Status { get; init; } = ParticipantStatus.Pending;

    public DateOnly? PausedUntil { get; init; }

    /// <summary>A period (yyyy-MM) the participant asked to skip.</summary>
    public string? SkipPeriod { get; init; }

    public string? ConsentBasis { get; init; }

    public string? ConsentTextVersion { get; init; }

    public DateTime? ConsentAt { get; init; }

    public DateTime? ConductAgreedAt { get; init; }

    public DateTime? UndeliverableAt { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime? ConfirmedAt { get; init; }

    public DateTime UpdatedAt { get; init; }

    public DateTime? ErasedAt { get; init; }
}

/// <summary>The words stored for enums, shared by every store, the CSV files and the JSON output.</summary>
internal static class ParticipantCodes
{
    public static string ToCode(this Cadence cadence) => cadence switch
    {
        Cadence.Monthly => "monthly",
        Cadence.TwoMonthly => "2-monthly",
        Cadence.Quarterly => "quarterly",
        _ => throw new ArgumentOutOfRangeException(nameof(cadence)),
    };

    public static bool TryParseCadence(string? text, out Cadence cadence)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "monthly" or "1" or "every month":
                cadence = Cadence.Monthly;
                return true;
            case "2-monthly" or "2" or "every 2 months":
                cadence = Cadence.TwoMonthly;
                return true;
            case "quarterly" or "3" or "3-monthly" or "every 3 months":
                cadence = Cadence.Quarterly;
                return true;
            default:
                cadence = Cadence.Monthly;
                return false;
        }
    }

    /// <summary>The longest cadence, in months: how far back a round must look to tell who is due.</summary>
    public static int LongestCadenceMonths { get; } = Enum.GetValues<Cadence>().Max(Months);

    /// <summary>How many months apart someone with this cadence takes part.</summary>
    public static int Months(this Cadence cadence) => cadence switch
    {
        Cadence.Monthly => 1,
        Cadence.TwoMonthly => 2,
        Cadence.Quarterly => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(cadence)),
    };

    public static string ToCode(this ParticipantStatus status) => status switch
    {
        ParticipantStatus.Pending => "pending",
        ParticipantStatus.Active => "active",
        ParticipantStatus.Paused => "paused",
        ParticipantStatus.Unsubscribed => "unsubscribed",
        ParticipantStatus.Erased => "erased",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static ParticipantStatus ParseStatus(string code) => code switch
    {
        "pending" => ParticipantStatus.Pending,
        "active" => ParticipantStatus.Active,
        "paused" => ParticipantStatus.Paused,
        "unsubscribed" => ParticipantStatus.Unsubscribed,
        "erased" => ParticipantStatus.Erased,
        _ => throw new InvalidDataException($"Unknown participant status '{code}' in the database."),
    };
}
