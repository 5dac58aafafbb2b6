using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Unmentoring.Mail;
using Unmentoring.Organisers;

namespace Unmentoring.Web.Pages.Organise;

/// <summary>Every kind of email the service knows, each with its subject as the configured templates write it, linking to its preview.</summary>
internal sealed class TemplatesModel(TemplateSamples samples, IOptions<MailOptions> mail) : PageModel
{
    /// <summary>Each kind with the subject of its sample; null for a kind that has no templates yet.</summary>
    public IReadOnlyList<(EmailKind Kind, string? Subject)> Kinds { get; private set; } = [];

    /// <summary>Whether Unmentoring:Mail:TemplateDirectory points at the scheme's own copy of the templates.</summary>
    public bool OwnTemplates => mail.Value.TemplateDirectory is not null;

    public void OnGet() =>
        Kinds = Enum.GetValues<EmailKind>()
            .Select(kind => (kind, samples.Compose(kind, User.Email()!, User.Identity?.Name)?.Subject))
            .ToList();
}
