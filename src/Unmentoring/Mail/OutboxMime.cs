using System.Security.Cryptography;
using System.Text;
using MimeKit;

namespace Unmentoring.Mail;

/// <summary>
/// A row the dispatcher has claimed: what to send and the claim it is sent under. A round's email arrives
/// without content (<see cref="Recipient"/>, <see cref="Subject"/> and <see cref="TextBody"/> null, see
/// <see cref="IRoundEmailSource"/>) and is rendered before it is built.
/// </summary>
internal sealed record ClaimedMessage(
    long Id,
    string IdempotencyKey,
    EmailKind Kind,
    long? ParticipantId,
    string? Recipient,
    string? Subject,
    string? TextBody,
    string? HtmlBody,
    IReadOnlyDictionary<string, string> Headers,
    IReadOnlyList<EmailAttachment> Attachments,
    int Attempts,
    DateTime? FirstAttemptAt,
    string ClaimToken,
    long? RoundId = null,
    int? GroupNumber = null)
{
    /// <summary>Written by a round without content, to be rendered from the round's records when sent.</summary>
    public bool RenderedAtDispatch => TextBody is null;
}

/// <summary>
/// The one place an outbox row becomes a MIME message: plain text and HTML as alternatives, attachments
/// beside them, From and Reply-To from configuration, and a Message-ID derived from the idempotency key,
/// so the same row always has the same id (and the pickup folder the same file name) wherever it is sent
/// from. Every header value is checked again for control characters.
/// </summary>
internal static class OutboxMime
{
    /// <summary>Headers the composer may not set, because the message itself is built from configuration and the row.</summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "From", "Sender", "Reply-To", "To", "Cc", "Bcc", "Subject", "Message-ID", "Date", "MIME-Version", "Content-Type", "Content-Transfer-Encoding",
    };

    public static MimeMessage Build(ClaimedMessage row, MailOptions mail, DateTimeOffset date)
    {
        if (row.Recipient is null || row.Subject is null || row.TextBody is null)
        {
            throw new InvalidOperationException($"Outbox message {row.Id} has not been rendered.");
        }

        HeaderSafety.Require(row.Recipient, "the recipient");
        HeaderSafety.Require(row.Subject, "the subject");
        if (!MailboxAddress.TryParse(row.Recipient, out var recipient) || !EmailAddress.IsValid(recipient.Address))
        {
            throw new FormatException($"The recipient '{row.Recipient}' is not one email address.");
        }

        var message = new MimeMessage
        {
            MessageId = MessageId(row.IdempotencyKey, mail.FromAddress),
            Subject = row.Subject,
            Date = date,
        };
        message.From.Add(new MailboxAddress(mail.FromName, mail.FromAddress));
        if (mail.ReplyTo is not null)
        {
            message.ReplyTo.Add(MailboxAddress.Parse(mail.ReplyTo));
        }

        message.To.Add(recipient);
        foreach (var (name, value) in row.Headers)
        {
            if (name.Length == 0 || name.Any(c => c <= ' ' || c >= 127 || c == ':') || Reserved.Contains(name))
            {
                throw new FormatException($"'{name}' cannot be added as a header.");
            }

            HeaderSafety.Require(value, "the " + name + " header");
            message.Headers.Add(name, value);
        }

        var body = new BodyBuilder { TextBody = row.TextBody, HtmlBody = row.HtmlBody };
        foreach (var attachment in row.Attachments)
        {
            body.Attachments.Add(attachment.FileName, Encoding.UTF8.GetBytes(attachment.Content), ContentType.Parse(attachment.ContentType));
        }

        message.Body = body.ToMessageBody();
        return message;
    }

    /// <summary><c>{first 32 hex digits of SHA-256 of the key}@{the From domain}</c>: stable, and reveals nothing about the key.</summary>
    public static string MessageId(string idempotencyKey, string fromAddress) =>
        $"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..32]}@{EmailAddress.Domain(fromAddress)}";
}
