using Microsoft.Extensions.DependencyInjection;
using Unmentoring.Participants;
using Unmentoring.Storage;
using Unmentoring.Tests.Web;

namespace Unmentoring.Tests.Organisers;

/// <summary>People added straight to the store for the organisers' participants pages' tests.</summary>
internal static class ParticipantPeople
{
    public static async Task<Participant> AddAsync(WebApp app, string name, string email, string organisation, ParticipantStatus status = ParticipantStatus.Active, DateOnly? pausedUntil = null, string? phone = null)
    {
        var confirmed = status != ParticipantStatus.Pending;
        return await app.Services.GetRequiredService<ParticipantStore>().AddAsync(new Participant
        {
            PublicId = "",
            Email = email,
            Name = name,
            Organisation = organisation,
            Role = "Officer",
            Phone = phone,
            Intro = "I work on local services.",
            Status = status,
            PausedUntil = pausedUntil,
            ConsentBasis = confirmed ? "sign-up form" : null,
            ConsentTextVersion = confirmed ? "2026-09" : null,
            ConsentAt = confirmed ? DateTime.UtcNow : null,
            ConfirmedAt = confirmed ? DateTime.UtcNow : null,
        });
    }

    /// <summary>Flags the person's address as bouncing, as the dispatcher does after a permanent failure.</summary>
    public static async Task MarkUndeliverableAsync(WebApp app, long id)
    {
        await using var connection = await app.Database.Database.OpenAsync();
        await connection.ExecuteAsync("UPDATE participants SET undeliverable_at = created_at WHERE id = @id", null, default, ("id", id));
    }

    /// <summary><paramref name="count"/> active people from different organisations, named "Person 000" onwards.</summary>
    public static async Task<List<Participant>> AddManyAsync(WebApp app, int count, string prefix = "person")
    {
        var people = new List<Participant>();
        for (var i = 0; i < count; i++)
        {
            people.Add(await AddAsync(app, $"{char.ToUpperInvariant(prefix[0])}{prefix[1..]} {i:000}", $"{prefix}{i:000}@org{i}.example", $"Organisation {i:000}"));
        }

        return people;
    }
}
