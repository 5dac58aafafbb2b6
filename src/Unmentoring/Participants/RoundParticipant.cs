namespace Unmentoring.Participants;

/// <summary>
/// What a round reads about each person it has something to say to (<see cref="ParticipantStore.ListForRoundAsync"/>):
/// who they are, whether they take part this time, and their organisation for the pairing rules. A round reads
/// everyone confirmed at once, so it reads only these columns, not a whole <see cref="Participant"/>.
/// </summary>
internal sealed record RoundParticipant(
    long Id,
    string PublicId,
    string? Email,
    string? Organisation,
    Cadence Cadence,
    ParticipantStatus Status,
    DateOnly? PausedUntil,
    string? SkipPeriod,
    DateTime? UndeliverableAt);
