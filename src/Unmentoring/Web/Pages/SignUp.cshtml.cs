using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Unmentoring.Hosting;
using Unmentoring.Mail;
using Unmentoring.Participants;

namespace Unmentoring.Web.Pages;

/// <summary>The sign-up form: one short page, checked here, then a confirmation link by email.</summary>
[EnableRateLimiting(WebServices.FormPostsPolicy)]
internal sealed class SignUpModel(
    SignUpService signUps,
    IDataProtectionProvider protection,
    IOptions<WebOptions> web,
    IOptions<UnmentoringOptions> scheme,
    TimeProvider time,
    ILogger<SignUpModel> logger) : ParticipantFormModel
{
    private readonly IDataProtector _stamp = protection.CreateProtector("Unmentoring.SignUp.ShownAt");

    [BindProperty(Name = "email")]
    public string? Email { get; set; }

    [BindProperty(Name = "cadence")]
    public string? Cadence { get; set; }

    [BindProperty(Name = "consent")]
    public string? Consent { get; set; }

    [BindProperty(Name = "conduct")]
    public string? Conduct { get; set; }

    /// <summary>The honeypot: hidden from people, filled in by bots that fill in everything.</summary>
    [BindProperty(Name = "website")]
    public string? Website { get; set; }

    /// <summary>When the form was shown, signed so a bot cannot claim it waited.</summary>
    [BindProperty(Name = "shown")]
    public string? Shown { get; set; }

    /// <summary>The fields as the page shows them; the error summary lists problems in this order.</summary>
    private static readonly string[] FieldOrder = ["name", "email", "organisation", "role", "phone", "video", "intro", "cadence", "consent", "conduct"];

    public void OnGet()
    {
        Shown = _stamp.Protect(time.GetUtcNow().UtcTicks.ToString(CultureInfo.InvariantCulture));
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (LooksLikeABot())
        {
            // Answer as for a real sign-up, so a bot learns nothing from trying again.
            logger.LogInformation("A sign-up was ignored: the honeypot was filled in or the form came back too fast");
            return RedirectToPage("/CheckYourEmail");
        }

        Email = CheckEmail(Errors, Email);

        CheckDetails(Errors.For("email") is null ? Email : null);

        if (!ParticipantCodes.TryParseCadence(Cadence, out var cadence) || Cadence is null || Cadence.Length > 20)
        {
            Errors.Add("cadence", "Select how often you want to take part");
        }

        if (Consent != "yes")
        {
            Errors.Add("consent", "Select that you agree to share your details with the people you are matched with");
        }

        if (Conduct != "yes")
        {
            Errors.Add("conduct", "Select that you agree to the code of conduct");
        }

        if (Errors.Any)
        {
            Errors.Order(FieldOrder);
            ViewData["HasErrors"] = true;
            Shown = _stamp.Protect(time.GetUtcNow().UtcTicks.ToString(CultureInfo.InvariantCulture));
            return Page();
        }

        var details = Details();
        await signUps.SignUpAsync(
            new SignUpRequest(Email!, details.Name, details.Organisation, details.Role, details.Phone, details.Video, details.Intro, cadence, ConsentText.CurrentVersion),
            ConfirmUrlBase(scheme.Value),
            cancellationToken);
        return RedirectToPage("/CheckYourEmail");
    }

    internal static string ConfirmUrlBase(UnmentoringOptions options) => options.PublicBaseUrl.TrimEnd('/') + "/confirm";

    private bool LooksLikeABot()
    {
        if (!string.IsNullOrEmpty(Website))
        {
            return true;
        }

        try
        {
            var shown = new DateTimeOffset(long.Parse(_stamp.Unprotect(Shown ?? ""), CultureInfo.InvariantCulture), TimeSpan.Zero);
            return time.GetUtcNow() - shown < web.Value.MinimumFillTime;
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or FormatException or OverflowException or ArgumentException)
        {
            return true;
        }
    }
}
