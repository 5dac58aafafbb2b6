using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Unmentoring.Hosting;
using Unmentoring.Mail;
using Unmentoring.Participants;

namespace Unmentoring.Tests.Mail;

/// <summary>People and a composer built from the shipped templates, shared by the mail specifications.</summary>
internal static class MailSamples
{
    public const string BaseUrl = "https://unmentoring.example.org";

    public static readonly DateTimeOffset Now = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    public static PersonDetails Person(long id, string name, string email, string? organisation = "Example Council", string? role = "Service designer", string? intro = null, string? phone = null, string? video = null) =>
        new(id, $"00000000-0000-0000-0000-{id:D12}", email, name, organisation, role, intro, phone, video);

    public static TemplateEmailComposer Composer(TimeProvider time, string? templateDirectory = null) =>
        new(
            EmailTemplates.Load(templateDirectory ?? EmailTemplates.DefaultDirectory),
            Links(time),
            Options.Create(Scheme),
            time);

    public static UnmentoringOptions Scheme => new()
    {
        PublicBaseUrl = BaseUrl,
        SchemeName = "UnMentoring",
        OrganiserEmail = "organisers@unmentoring.example.org",
    };

    public static ParticipantLinks Links(TimeProvider time) =>
        new(LinkSigningKey.Ephemeral(), Options.Create(Scheme), time);

    /// <summary>The introductions of one group: every member gets one, naming the others.</summary>
    public static IReadOnlyList<IntroductionEmail> Introductions(long roundId, IReadOnlyList<PersonDetails> group, PersonDetails arranger) =>
        group.Select(member => new IntroductionEmail(
                "2026-12",
                roundId,
                member,
                group.Where(o => o.ParticipantId != member.ParticipantId).ToList(),
                arranger,
                new DateOnly(2026, 12, 1),
                new DateOnly(2026, 12, 31)))
            .ToList();
}
