using System.Text.Json;
using Unmentoring.Mail;
using Unmentoring.Participants;
using Unmentoring.Storage;
using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Mail;

/// <summary>
/// Text that tries to add a header never does: at input (the composer and the outbox writer refuse it)
/// and again when the message is built (a row that got in anyway fails without being sent).
/// </summary>
public sealed class HeaderInjectionTests
{
    private static readonly string[] ExpectedHeaders =
        ["Date", "From", "Reply-To", "Subject", "Message-Id", "To", "List-Unsubscribe", "List-Unsubscribe-Post", "Auto-Submitted", "MIME-Version"];

    public static TheoryData<string, string> Attempts => new()
    {
        { "Ada\r\nBcc: everyone@example.org", "ada@example.org" },
        { "Ada\nBcc: everyone@example.org", "ada@example.org" },
        { "Ada\rBcc: everyone@example.org", "ada@example.org" },
        { "Ada\u0085Bcc: everyone@example.org", "ada@example.org" },
        { "Ada", "ada@example.org\r\nBcc: everyone@example.org" },
        { "Ada", "ada@example.org>\r\nBcc: <everyone@example.org" },
    };

    [Theory]
    [MemberData(nameof(Attempts))]
    public async Task OutboxStore_ControlCharactersInNameOrAddress_AreRefused(string name, string address)
    {
        var message = new OutboxMessage
        {
            IdempotencyKey = "test:1",
            Kind = EmailKind.ConfirmSignUp,
            RecipientAddress = address,
            RecipientName = name,
            Subject = "Hello",
            TextBody = "Hello",
        };
        await using var db = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var connection = await db.Database.OpenAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => new OutboxStore(db.Database, TimeProvider.System).EnqueueAsync(message));
    }

    public static TheoryData<string, string, string, string> BadRows => new()
    {
        { "recipient", "\"Ada\" <ada@example.org>\r\nBcc: everyone@example.org", "Hello", "{}" },
        { "recipient", "ada@example.org, everyone@example.org", "Hello", "{}" },
        { "subject", "ada@example.org", "Hello\r\nBcc: everyone@example.org", "{}" },
        { "header value", "ada@example.org", "Hello", """{"List-Unsubscribe":"<https://x.example/u>\r\nBcc: everyone@example.org"}""" },
        { "header name", "ada@example.org", "Hello", """{"Bcc":"everyone@example.org"}""" },
        { "header name", "ada@example.org", "Hello", """{"X-Test\r\nBcc":"everyone@example.org"}""" },
    };

    [SkippableTheory]
    [MemberData(nameof(BadRows))]
    public async Task RunOnce_RowThatGotInAnyway_FailsWithoutBeingSent(string what, string recipient, string subject, string headers)
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        await using var harness = await DispatchHarness.CreateAsync(TestDatabase.Sqlite);
        await using (var connection = await harness.Database.OpenAsync())
        {
            var now = harness.Time.StorageNow();
            await connection.ExecuteAsync(
                """
                INSERT INTO outbox_messages (idempotency_key, kind, recipient, subject, text_body, headers, state, created_at, next_attempt_at)
                VALUES ('test:bad', 'confirmSignUp', @recipient, @subject, 'Hello', @headers, 'pending', @now, @now)
                """,
                null,
                default,
                ("recipient", recipient),
                ("subject", subject),
                ("headers", headers),
                ("now", now));
        }

        var summary = await harness.Dispatch(DispatchHarness.Smtp(server)).RunOnceAsync(default);

        Assert.True(summary.Failed == 1, $"a bad {what} should fail the message");
        var row = Assert.Single(await harness.RowsAsync());
        Assert.Equal(("failed", 0), (row.State, row.Attempts));
        Assert.StartsWith("not sent:", row.LastReply, StringComparison.Ordinal);
        Assert.Empty(server.Received);
    }

    [SkippableTheory]
    [InlineData("Lovelace, Ada \"The Countess\" <script>")]
    [InlineData("=?utf-8?q?Bcc=3A_everyone=40example=2Eorg?=")]
    [InlineData("Ada\u2028Bcc: everyone@example.org")]
    [InlineData("Zoë Ó Briain; Bcc: everyone@example.org")]
    public async Task RunOnce_AwkwardButLegalNames_ArriveWithNoExtraHeaderAndOneRecipient(string name)
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        await using var harness = await DispatchHarness.CreateAsync(TestDatabase.Sqlite);
        var store = new ParticipantStore(harness.Database, harness.Time);
        var added = await store.AddAsync(new Participant
        {
            PublicId = "",
            Email = "ada@example.org",
            Name = name,
            Status = ParticipantStatus.Active,
            ConsentBasis = "form",
            ConsentTextVersion = "2026-11",
            ConsentAt = harness.Time.GetUtcNow().UtcDateTime,
        });
        var person = new PersonDetails(added.Id, added.PublicId, added.Email!, added.Name!, null, null, null, null, null);
        await using (var connection = await harness.Database.OpenAsync())
        {
            await new OutboxStore(harness.Database, harness.Time).EnqueueAsync(harness.Composer.Compose(new SignUpConfirmationEmail(person, 1, "https://unmentoring.example.org/confirm/x", harness.Time.GetUtcNow().UtcDateTime.AddDays(7))));
        }

        await harness.Dispatch(DispatchHarness.Smtp(server)).RunOnceAsync(default);

        var received = Assert.Single(server.Received);
        Assert.Equal(["ada@example.org"], received.EnvelopeTo);
        var to = Assert.Single(received.Message.To.Mailboxes);
        Assert.Equal("ada@example.org", to.Address);
        Assert.Empty(received.Message.Bcc);
        Assert.Empty(received.Message.Cc);
        Assert.Equal(ExpectedHeaders.Order(StringComparer.OrdinalIgnoreCase), received.Message.Headers.Select(h => h.Field).Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain("\nBcc:", received.Raw, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Composer_HeadersItWrites_AreAllSafe()
    {
        var composer = MailSamples.Composer(TimeProvider.System);
        var message = composer.Compose(new SatOutEmail("2026-12", 1, MailSamples.Person(1, "Ada", "ada@example.org"), "Odd numbers."));

        Assert.All(message.Headers, h => Assert.DoesNotContain(h.Key + h.Value, char.IsControl));
        Assert.DoesNotContain(message.Subject, char.IsControl);
        Assert.Equal(JsonSerializer.Serialize(message.Headers.Keys.Order()), JsonSerializer.Serialize(new[] { "Auto-Submitted", "List-Unsubscribe", "List-Unsubscribe-Post" }));
    }
}
