using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
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
    /// <summary>The Sign up button's id: the error summary's link when the form is shown again to be sent once more.</summary>
    public const string SendButtonId = "send";

    /// <summary>Ends a stamp's text once the person has been asked to send the form again.</summary>
    private const string AskedMark = ":asked";

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

    /// <summary>
    /// When the form was first shown, and whether this person has already been asked to check and send it
    /// again; signed, so a bot can neither claim it waited nor that it was asked.
    /// </summary>
    [BindProperty(Name = "shown")]
    public string? Shown { get; set; }

    /// <summary>The form came back too fast to tell that a person sent it: shown again, as typed, to be sent once more.</summary>
    public bool AskedToSendAgain { get; private set; }

    /// <summary>The fields as the page shows them; the error summary lists problems in this order.</summary>
    private static readonly string[] FieldOrder = ["name", "email", "organisation", "role", "phone", "video", "intro", "cadence", "consent", "conduct"];

    public void OnGet()
    {
        Shown = Protect(new FormStamp(time.GetUtcNow(), AskedToSendAgain: false));
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // Timed from when the form was first shown, through any pages of errors (ADR 0018).
        var stamp = Unprotect(Shown);

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

        // Whatever the timing, a person who made a mistake is told what to fix (ADR 0018).
        if (Errors.Any)
        {
            Errors.Order(FieldOrder);
            return ShowAgain(stamp ?? new FormStamp(time.GetUtcNow(), AskedToSendAgain: false));
        }

        if (!string.IsNullOrEmpty(Website))
        {
            // Only a bot fills in the hidden field: answer as for a real sign-up, so it learns nothing from trying again.
            logger.LogInformation("A sign-up was ignored: the honeypot was filled in");
            return RedirectToPage("/CheckYourEmail");
        }

        if (CameBackTooFast(stamp))
        {
            // A person may be this fast (autofill, paste, fixing one box): ask once, never drop it (ADR 0018).
            logger.LogInformation("A sign-up came back too fast to tell that a person sent it: the form was shown again to be sent once more");
            AskedToSendAgain = true;
            Errors.Add(SendButtonId, "Check your details, then select Sign up again");
            return ShowAgain(new FormStamp(stamp?.ShownAt ?? time.GetUtcNow(), AskedToSendAgain: true));
        }

        var details = Details();
        await signUps.SignUpAsync(
            new SignUpRequest(Email!, details.Name, details.Organisation, details.Role, details.Phone, details.Video, details.Intro, cadence, ConsentText.CurrentVersion),
            ConfirmUrlBase(scheme.Value),
            cancellationToken);
        return RedirectToPage("/CheckYourEmail");
    }

    internal static string ConfirmUrlBase(UnmentoringOptions options) => options.PublicBaseUrl.TrimEnd('/') + "/confirm";

    private PageResult ShowAgain(FormStamp stamp)
    {
        ViewData["HasErrors"] = true;
        Shown = Protect(stamp);
        return Page();
    }

    /// <summary>Too fast, or no stamp this service signed; never for someone already asked once, nor when the check is off.</summary>
    private bool CameBackTooFast(FormStamp? stamp)
    {
        var minimum = web.Value.MinimumFillTime;
        if (minimum == TimeSpan.Zero || stamp?.AskedToSendAgain == true)
        {
            return false;
        }

        return stamp is null || time.GetUtcNow() - stamp.ShownAt < minimum;
    }

    private string Protect(FormStamp stamp) =>
        _stamp.Protect(stamp.ShownAt.UtcTicks.ToString(CultureInfo.InvariantCulture) + (stamp.AskedToSendAgain ? AskedMark : ""));

    /// <summary>The stamp, or null when it is missing, forged or unreadable.</summary>
    private FormStamp? Unprotect(string? shown)
    {
        try
        {
            var text = _stamp.Unprotect(shown ?? "");
            var asked = text.EndsWith(AskedMark, StringComparison.Ordinal);
            var ticks = long.Parse(asked ? text[..^AskedMark.Length] : text, NumberStyles.None, CultureInfo.InvariantCulture);
            return new FormStamp(new DateTimeOffset(ticks, TimeSpan.Zero), asked);
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or FormatException or OverflowException or ArgumentException)
        {
            return null;
        }
    }

    private sealed record FormStamp(DateTimeOffset ShownAt, bool AskedToSendAgain);
}
