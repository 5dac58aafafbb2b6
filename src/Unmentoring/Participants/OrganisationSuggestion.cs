using System.Globalization;

namespace Unmentoring.Participants;

/// <summary>
/// Guesses an organisation from an email address (ada@leeds.gov.uk → Leeds), for the sign-up form to
/// suggest. No guess for personal mail providers, where the domain says nothing about an employer.
/// </summary>
internal static class OrganisationSuggestion
{
    private static readonly string[] Suffixes =
        [".gov.uk", ".nhs.uk", ".nhs.net", ".police.uk", ".ac.uk", ".sch.uk", ".org.uk", ".co.uk", ".gov.scot", ".gov.wales", ".com", ".org", ".net", ".uk", ".gov", ".io"];

    private static readonly HashSet<string> PersonalProviders = new(StringComparer.OrdinalIgnoreCase)
    {
        "gmail", "googlemail", "hotmail", "outlook", "live", "yahoo", "icloud", "me", "aol", "btinternet", "protonmail", "proton", "sky", "virginmedia", "mail", "gmx",
    };

    public static string? FromEmail(string? email)
    {
        if (!Mail.EmailAddress.IsValid(email))
        {
            return null;
        }

        var domain = Mail.EmailAddress.Domain(email!);
        foreach (var suffix in Suffixes)
        {
            if (domain.EndsWith(suffix, StringComparison.Ordinal) && domain.Length > suffix.Length)
            {
                domain = domain[..^suffix.Length];
                break;
            }
        }

        var name = domain[(domain.LastIndexOf('.') + 1)..];
        if (name.Length == 0 || PersonalProviders.Contains(name))
        {
            return null;
        }

        var words = name.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(w => char.ToUpper(w[0], CultureInfo.InvariantCulture) + w[1..]);
        return string.Join(' ', words);
    }
}
