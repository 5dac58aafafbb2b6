using Microsoft.Extensions.DependencyInjection;
using Unmentoring.Participants;
using Unmentoring.Tests.Web;

namespace Unmentoring.Tests.Support;

/// <summary>Confirmed, active participants added straight to the store, for tests that need people and not the sign-up path.</summary>
internal static class TestPeople
{
    /// <summary>
    /// person0@org0.example, person1@org1.example, ...: "Person i" of "Organisation i" unless
    /// <paramref name="name"/> or <paramref name="organisation"/> says otherwise for an index.
    /// </summary>
    public static Task<List<Participant>> AddAsync(WebApp app, int count, Func<int, string>? name = null, Func<int, string>? organisation = null) =>
        AddAsync(app.Services.GetRequiredService<ParticipantStore>(), count, name, organisation);

    public static async Task<List<Participant>> AddAsync(ParticipantStore store, int count, Func<int, string>? name = null, Func<int, string>? organisation = null)
    {
        var people = new List<Participant>();
        for (var i = 0; i < count; i++)
        {
            people.Add(await store.AddAsync(new Participant
            {
                PublicId = "",
                Email = $"person{i}@org{i}.example",
                Name = name?.Invoke(i) ?? $"Person {i}",
                Organisation = organisation?.Invoke(i) ?? $"Organisation {i}",
                Role = "Officer",
                Intro = "I work on local services.",
                Status = ParticipantStatus.Active,
                ConsentBasis = "form",
                ConsentTextVersion = "test",
                ConsentAt = DateTime.UtcNow,
                ConfirmedAt = DateTime.UtcNow,
            }));
        }

        return people;
    }
}
