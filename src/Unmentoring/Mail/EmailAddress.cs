using System.Net.Mail;

namespace Unmentoring.Mail;

/// <summary>
/// The one place that decides whether text is an email address we accept: at most 254 characters, one
/// @, a dot in the domain, and no control characters (so CR/LF can never reach a header).
/// </summary>
internal static class EmailAddress
{
    public const int MaxLength = 254;

    public static bool IsValid(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxLength || text.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            return false;
        }

        var at = text.LastIndexOf('@');
        if (at <= 0 || at != text.IndexOf('@', StringComparison.Ordinal) || at == text.Length - 1)
        {
            return false;
        }

        var domain = text[(at + 1)..];
        if (!domain.Contains('.', StringComparison.Ordinal) || domain.StartsWith('.') || domain.EndsWith('.') || domain.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        return MailAddress.TryCreate(text, out var parsed) && parsed.Address == text;
    }

    /// <summary>The part after the @, lower-cased: the organisation a participant belongs to when they name none.</summary>
    public static string Domain(string address) => address[(address.LastIndexOf('@') + 1)..].ToLowerInvariant();
}
