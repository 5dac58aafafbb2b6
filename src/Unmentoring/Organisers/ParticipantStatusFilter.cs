using Unmentoring.Participants;
using Unmentoring.Rounds;

namespace Unmentoring.Organisers;

/// <summary>
/// The statuses organisers filter participants by, with the words the pages use and the SQL condition for
/// each. "Undeliverable" is a status of its own here, as on the start page: someone active or paused whose
/// email bounced is listed there, not under active or paused. People whose data was deleted are listed only
/// when asked for, since nothing but an id is left of them.
/// </summary>
internal static class ParticipantStatusFilter
{
    public const string Everyone = "";

    public static IReadOnlyList<(string Code, string Label)> Choices { get; } =
    [
        (Everyone, "Everyone taking part or signed up"),
        ("active", "Active"),
        ("pending", "Awaiting confirmation"),
        ("paused", "Paused"),
        ("undeliverable", "Undeliverable"),
        ("left", "Left"),
        ("erased", "Data deleted"),
    ];

    public static bool IsKnown(string? code) => Choices.Any(c => c.Code == (code ?? Everyone));

    /// <summary>The WHERE condition for <paramref name="code"/> (one of <see cref="Choices"/>).</summary>
    public static string Condition(string code) => code switch
    {
        Everyone => "status <> 'erased'",
        "active" => "status = 'active' AND undeliverable_at IS NULL",
        "pending" => "status = 'pending'",
        "paused" => "status = 'paused' AND undeliverable_at IS NULL",
        "undeliverable" => "undeliverable_at IS NOT NULL AND status IN ('active', 'paused')",
        "left" => "status = 'unsubscribed'",
        "erased" => "status = 'erased'",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "Not a status filter."),
    };

    /// <summary>A participant's status in the words of <see cref="Choices"/>, with the date a pause ends.</summary>
    public static string Describe(ParticipantStatus status, DateOnly? pausedUntil, DateTime? undeliverableAt) => status switch
    {
        ParticipantStatus.Erased => "Data deleted",
        ParticipantStatus.Unsubscribed => "Left",
        ParticipantStatus.Pending => "Awaiting confirmation",
        _ when undeliverableAt is not null => "Undeliverable",
        ParticipantStatus.Paused when pausedUntil is { } until => $"Paused until {UkDates.Date(until)}",
        ParticipantStatus.Paused => "Paused",
        _ => "Active",
    };
}
