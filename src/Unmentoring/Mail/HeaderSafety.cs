namespace Unmentoring.Mail;

/// <summary>CR, LF or any other control character in a header would let text add headers of its own.</summary>
internal static class HeaderSafety
{
    public static void Require(string? value, string what)
    {
        // char.IsControl is exactly U+0000 to U+001F and U+007F to U+009F.
        if (value is not null && (value.AsSpan().IndexOfAnyInRange('\0', '\u001F') >= 0 || value.AsSpan().IndexOfAnyInRange('\u007F', '\u009F') >= 0))
        {
            throw new ArgumentException($"{char.ToUpperInvariant(what[0])}{what[1..]} contains a line break or control character, so it cannot be used in an email header.");
        }
    }

    /// <summary>Names and addresses were checked when they were entered; this is the second line of defence before a header.</summary>
    public static void Require(PersonDetails person)
    {
        Require(person.Email, "a participant's email address");
        Require(person.Name, "a participant's name");
        if (!EmailAddress.IsValid(person.Email))
        {
            throw new ArgumentException($"Participant {person.PublicId} has an email address that is not valid; it must not reach a header.");
        }
    }
}
