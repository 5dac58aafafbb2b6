using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Unmentoring.Mail;
using Unmentoring.Participants;

namespace Unmentoring.Web.Pages;

/// <summary>
/// The fields someone fills in about themselves, shared by the sign-up page and the change-details page:
/// their limits, and messages that say what to do (GOV.UK style). Single-line fields refuse every control
/// character, so nothing typed can add a line to an email header.
/// </summary>
internal abstract class ParticipantFormModel : PageModel
{
    public const int NameMax = 100;
    public const int OrganisationMax = 100;
    public const int RoleMax = 100;
    public const int PhoneMax = 30;
    public const int VideoMax = 100;
    public const int IntroMax = 500;

    [BindProperty(Name = "name")]
    public string? FullName { get; set; }

    [BindProperty(Name = "organisation")]
    public string? Organisation { get; set; }

    [BindProperty(Name = "role")]
    public string? Role { get; set; }

    [BindProperty(Name = "phone")]
    public string? Phone { get; set; }

    [BindProperty(Name = "video")]
    public string? Video { get; set; }

    [BindProperty(Name = "intro")]
    public string? Intro { get; set; }

    internal FormErrors Errors { get; } = new();

    internal static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>The GOV.UK email field's checks, shared by every page that asks for an address; returns it trimmed.</summary>
    internal static string? CheckEmail(FormErrors errors, string? email)
    {
        email = Clean(email);
        if (email is null)
        {
            errors.Add("email", "Enter your email address");
        }
        else if (email.Length > EmailAddress.MaxLength)
        {
            errors.Add("email", $"Email address must be {EmailAddress.MaxLength} characters or fewer");
        }
        else if (!EmailAddress.IsValid(email))
        {
            errors.Add("email", "Enter an email address in the correct format, like name@example.com");
        }

        return email;
    }

    /// <summary>Checks the details; <paramref name="email"/> (when given) suggests the organisation if none was entered.</summary>
    internal void CheckDetails(string? email)
    {
        FullName = Clean(FullName);
        Organisation = Clean(Organisation);
        Role = Clean(Role);
        Phone = Clean(Phone);
        Video = Clean(Video);
        Intro = Intro?.Trim();

        SingleLine("name", FullName, NameMax, "Enter your full name", "Full name");

        if (Organisation is null && email is not null && OrganisationSuggestion.FromEmail(email) is { } suggested)
        {
            Organisation = suggested;
        }

        SingleLine("organisation", Organisation, OrganisationMax, "Enter the name of your organisation", "Organisation");
        SingleLine("role", Role, RoleMax, "Enter your role or job title", "Role");

        if (Phone is not null)
        {
            var digits = Phone.Count(char.IsAsciiDigit);
            if (Phone.Length > PhoneMax || digits is < 7 or > 15 || !Phone.All(c => char.IsAsciiDigit(c) || c is ' ' or '+' or '(' or ')' or '-'))
            {
                Errors.Add("phone", "Enter a telephone number, like 01632 960 001 or +44 808 157 0192");
            }
        }

        if (Video is not null)
        {
            SingleLine("video", Video, VideoMax, "", "Video-call handle");
        }

        if (string.IsNullOrWhiteSpace(Intro))
        {
            Errors.Add("intro", "Enter a short introduction about yourself");
        }
        else if (Intro.Length > IntroMax)
        {
            Errors.Add("intro", $"Introduction must be {IntroMax} characters or fewer");
        }
        else if (Intro.Any(c => char.IsControl(c) && c is not '\r' and not '\n' and not '\t'))
        {
            Errors.Add("intro", "Introduction must only include letters, numbers, spaces, line breaks and punctuation");
        }
    }

    internal ParticipantDetails Details() => new(FullName!, Organisation!, Role!, Phone, Video, Intro!.ReplaceLineEndings("\n"));

    private void SingleLine(string id, string? value, int max, string whenMissing, string label)
    {
        if (value is null)
        {
            Errors.Add(id, whenMissing);
        }
        else if (value.Length > max)
        {
            Errors.Add(id, $"{label} must be {max} characters or fewer");
        }
        else if (value.Any(c => char.IsControl(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator))
        {
            Errors.Add(id, $"{label} must be on one line, without special characters");
        }
    }
}
