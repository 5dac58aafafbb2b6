using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Unmentoring.Mail;
using Unmentoring.Organisers;

namespace Unmentoring.Web.Pages.Organise;

/// <summary>
/// A sample email's HTML on its own, for the sandboxed frame on the template's page. Email HTML needs inline
/// styles, which the site's policy forbids, so this one response has a policy of its own: nothing may load or
/// run (no script, no requests, no forms), inline styles may apply, only our own pages may frame it, and the
/// <c>sandbox</c> directive gives it a unique origin even if it is opened on its own
/// (docs/adr/0029-organisers-email-pages.md).
/// </summary>
internal sealed class TemplatesHtmlModel(TemplateSamples samples) : PageModel
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'; frame-ancestors 'self'; sandbox";

    public IActionResult OnGet(string kind)
    {
        if (!Enum.GetValues<EmailKind>().Any(k => k.ToCode() == kind)
            || samples.Compose(EmailKindCodes.ParseKind(kind), User.Email()!, User.Identity?.Name) is not { HtmlBody: { } html })
        {
            return NotFound();
        }

        var headers = Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XFrameOptions = "SAMEORIGIN";
        headers.CacheControl = "no-store";
        return Content(html, "text/html; charset=utf-8");
    }
}
