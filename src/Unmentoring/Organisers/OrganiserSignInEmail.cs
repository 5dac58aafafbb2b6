using System.Globalization;
using Unmentoring.Mail;

namespace Unmentoring.Organisers;

/// <summary>
/// The sign-in email to an organiser. Its wording lives here only until the email templates move to Fluid
/// (branch fluid), when it becomes a template of its own like the participants' emails.
/// </summary>
internal static class OrganiserSignInEmail
{
    public static OutboxMessage Compose(long codeId, Organiser to, string code, string link, TimeSpan lifetime, string schemeName)
    {
        var spaced = string.Create(CultureInfo.InvariantCulture, $"{code[..3]} {code[3..]}");
        var text = $"""
            Hello {to.Name ?? to.Email},

            Your code to sign in to the organisers' pages of {schemeName} is:

            {spaced}

            Or open this link and press Sign in:
            {link}

            The code and the link work once, for {lifetime.TotalMinutes:0} minutes.

            If you did not ask to sign in, you can ignore this email: nobody can sign in without it.
            """;
        return new OutboxMessage
        {
            IdempotencyKey = $"organiser-sign-in:{codeId}",
            Kind = EmailKind.OrganiserSignIn,
            RecipientAddress = to.Email,
            RecipientName = to.Name ?? to.Email,
            Subject = $"Your sign-in code for {schemeName}: {spaced}",
            TextBody = text,
        };
    }
}
