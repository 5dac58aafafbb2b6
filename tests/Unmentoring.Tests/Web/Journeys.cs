using Microsoft.Extensions.DependencyInjection;
using Unmentoring.Participants;

namespace Unmentoring.Tests.Web;

/// <summary>Steps several tests share, done the way a person does them: through the pages and the email.</summary>
internal static class Journeys
{
    /// <summary>Signs up, confirms from the emailed link, and returns the participant's manage page path.</summary>
    public static async Task<string> SignUpAndConfirmAsync(WebApp app, string email, string name = "Ada Lovelace", IReadOnlyDictionary<string, string>? details = null)
    {
        var values = WebApp.ValidSignUp(email);
        values["name"] = name;
        foreach (var (key, value) in details ?? new Dictionary<string, string>())
        {
            values[key] = value;
        }

        var client = app.NewClient();
        await app.SignUpAsync(values, client);
        var link = await app.LatestLinkAsync("confirmSignUp", email);
        var (_, page) = await app.GetAsync(link, client);
        var (_, done) = await app.SubmitAsync(page, [], client: client);
        var manage = done.QuerySelector("main a[href*='/manage/']")?.GetAttribute("href") ?? throw new InvalidOperationException("Confirmation failed.");
        return new Uri(manage).PathAndQuery;
    }

    public static readonly IReadOnlyDictionary<string, string> GraceDetails = new Dictionary<string, string>
    {
        ["organisation"] = "Royal Navy",
        ["role"] = "Rear admiral",
        ["phone"] = "+44 808 157 0192",
        ["video"] = "grace.zoom",
        ["intro"] = "I write compilers.",
    };

    public static async Task<Participant> ParticipantAsync(WebApp app, string email) =>
        await app.Services.GetRequiredService<ParticipantStore>().FindByEmailAsync(email) ?? throw new InvalidOperationException($"No participant {email}.");
}
