using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Unmentoring.Mail;
using Unmentoring.Organisers;

namespace Unmentoring.Web.Pages.Organise;

/// <summary>
/// One kind of email with sample data: the subject, the HTML (in a sandboxed frame served by
/// <see cref="TemplatesHtmlModel"/>) and the plain text; organisers can queue the sample to themselves.
/// </summary>
internal sealed class TemplatesShowModel(TemplateSamples samples, TemplateTestEmails tests) : PageModel
{
    public const string SendTestField = "send-test";

    public EmailKind Kind { get; private set; }

    public OutboxMessage Sample { get; private set; } = null!;

    public bool Sent { get; private set; }

    internal FormErrors Errors { get; } = new();

    public bool MayChange => User.IsInRole(OrganiserRoles.Organiser);

    public IActionResult OnGet(string kind, string? done)
    {
        if (!Load(kind))
        {
            return NotFound();
        }

        Sent = done == "sent";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string kind, CancellationToken cancellationToken)
    {
        if (!Load(kind))
        {
            return NotFound();
        }

        if (await tests.SendAsync(Sample, User.Email()!, cancellationToken))
        {
            return Redirect($"/organise/templates/{Kind.ToCode()}?done=sent");
        }

        Errors.Add(SendTestField, $"You have sent {TemplateTestEmails.PerWindow} test emails in the last {TemplateTestEmails.Window.TotalMinutes:0} minutes. Wait a few minutes, then try again");
        ViewData["HasErrors"] = true;
        Response.StatusCode = StatusCodes.Status429TooManyRequests;
        return Page();
    }

    private bool Load(string kind)
    {
        if (!Enum.GetValues<EmailKind>().Any(k => k.ToCode() == kind))
        {
            return false;
        }

        Kind = EmailKindCodes.ParseKind(kind);
        var sample = samples.Compose(Kind, User.Email()!, User.Identity?.Name);
        Sample = sample!;
        return sample is not null;
    }
}
