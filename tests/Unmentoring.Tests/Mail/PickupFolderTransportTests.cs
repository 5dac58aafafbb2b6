using MimeKit;
using Unmentoring.Mail;

namespace Unmentoring.Tests.Mail;

public sealed class PickupFolderTransportTests
{
    [Fact]
    public async Task Send_WritesAParseableEmlNamedAfterTheMessageId()
    {
        var folder = Path.Combine(Directory.CreateTempSubdirectory("unmentoring-pickup-").FullName, "mail");
        var transport = new PickupFolderTransport(folder);
        var message = new MimeMessage { MessageId = "round-2026-12.intro.7@unmentoring.example", Subject = "Meet Grace" };
        message.From.Add(new MailboxAddress("UnMentoring", "unmentoring@example.org"));
        message.To.Add(new MailboxAddress("Ada", "ada@example.org"));
        message.Body = new TextPart("plain") { Text = "Hello Ada" };

        await using var session = await transport.OpenAsync(default);
        var first = await session.SendAsync(message, default);
        var again = await session.SendAsync(message, default);

        Assert.Equal(DeliveryStatus.Sent, first.Status);
        Assert.Equal(DeliveryStatus.Sent, again.Status);
        var file = Assert.Single(Directory.GetFiles(folder));
        Assert.EndsWith(".eml", file, StringComparison.Ordinal);
        var parsed = await MimeMessage.LoadAsync(file);
        Assert.Equal("Meet Grace", parsed.Subject);
        Assert.Equal("round-2026-12.intro.7@unmentoring.example", parsed.MessageId);
        Assert.Equal("Hello Ada", parsed.TextBody?.Trim());
    }
}
