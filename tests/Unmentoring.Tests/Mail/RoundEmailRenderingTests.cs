using MimeKit;
using Unmentoring.Mail;
using Unmentoring.Storage;
using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Mail;

/// <summary>
/// A round writes its emails without content; the dispatcher renders each when it sends it, from the
/// round's records and the participants' details at that moment (docs/adr/0011).
/// </summary>
public sealed class RoundEmailRenderingTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RunOnce_DetailsChangedAfterTheRound_TheEmailCarriesThemAsTheyAreWhenSent(string provider)
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        await using var harness = await DispatchHarness.CreateAsync(provider);
        var people = await harness.QueueIntroductionsAsync(2);
        var (ada, grace) = (people[0], people[1]);
        await using (var connection = await harness.Database.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE participants SET intro = 'I now run the digital team.', email = 'grace@new.example.org' WHERE id = @id", null, default, ("id", grace.ParticipantId));
        }

        var summary = await harness.Dispatch(DispatchHarness.Smtp(server)).RunOnceAsync(default);

        Assert.Equal(2, summary.Sent);
        var toAda = server.Delivered.Single(m => m.EnvelopeTo.Contains(ada.Email)).Message;
        Assert.Contains("I now run the digital team.", toAda.TextBody, StringComparison.Ordinal);
        Assert.Contains("grace@new.example.org", toAda.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(grace.Email, toAda.TextBody, StringComparison.Ordinal);
        var toGrace = server.Delivered.Single(m => m.EnvelopeTo.Contains("grace@new.example.org")).Message;
        Assert.Equal("grace@new.example.org", Assert.Single(toGrace.To.Mailboxes).Address);

        // Nothing personal was ever stored in the outbox for these emails.
        await using var check = await harness.Database.OpenAsync();
        Assert.Equal(0L, await check.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE recipient IS NOT NULL OR subject IS NOT NULL OR text_body IS NOT NULL", null, default));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RunOnce_SitOutAndUnmatchedNotices_CarryTheReasonTheRoundStored(string provider)
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        await using var harness = await DispatchHarness.CreateAsync(provider);
        var satOut = await harness.QueueNoticeAsync(EmailKind.SatOut, "satOut", "There was an odd number of people & you went last.");
        var unmatched = await harness.QueueNoticeAsync(EmailKind.Unmatched, "unmatched", "Everyone else works at your council.");

        var summary = await harness.Dispatch(DispatchHarness.Smtp(server)).RunOnceAsync(default);

        Assert.Equal(2, summary.Sent);
        var toSatOut = server.Delivered.Single(m => m.EnvelopeTo.Contains(satOut.Email)).Message;
        Assert.Contains("There was an odd number of people & you went last.", toSatOut.TextBody, StringComparison.Ordinal);
        Assert.Contains("There was an odd number of people &amp; you went last.", toSatOut.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", toSatOut.Headers["List-Unsubscribe-Post"]);
        var toUnmatched = server.Delivered.Single(m => m.EnvelopeTo.Contains(unmatched.Email)).Message;
        Assert.Contains("Everyone else works at your council.", toUnmatched.TextBody, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RunOnce_RecipientErasedAfterTheRoundBehindTheServicesBack_SuppressedAndTheOthersToldOfNobody(string provider)
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        await using var harness = await DispatchHarness.CreateAsync(provider);
        var people = await harness.QueueIntroductionsAsync(3);
        await using (var connection = await harness.Database.OpenAsync())
        {
            // Only the participant row, as if erased by a path that did not also suppress the waiting emails:
            // the dispatcher must still never send their details or write to them.
            await connection.ExecuteAsync(
                "UPDATE participants SET email = NULL, name = NULL, organisation = NULL, role = NULL, intro = NULL, status = 'erased' WHERE id = @id",
                null,
                default,
                ("id", people[2].ParticipantId));
        }

        var summary = await harness.Dispatch(DispatchHarness.Smtp(server)).RunOnceAsync(default);

        Assert.Equal((2, 1), (summary.Sent, summary.Suppressed));
        Assert.Equal([people[0].Email, people[1].Email], server.Delivered.SelectMany(m => m.EnvelopeTo).Order());
        Assert.All(server.Delivered, m =>
        {
            Assert.DoesNotContain(people[2].Name, m.Message.TextBody, StringComparison.Ordinal);
            Assert.DoesNotContain(people[2].Email, m.Message.TextBody, StringComparison.Ordinal);
        });
        var suppressed = (await harness.RowsAsync()).Single(r => r.ParticipantId == people[2].ParticipantId);
        Assert.Equal("suppressed", suppressed.State);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RunOnce_AnIntroductionNamingAGroupItsRecipientIsNotIn_FailsWithTheReasonAndTheOthersGo(string provider)
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        await using var harness = await DispatchHarness.CreateAsync(provider);
        var people = await harness.QueueIntroductionsAsync(2, 2);
        await using (var connection = await harness.Database.OpenAsync())
        {
            // Whatever put it there, the first person's email must not introduce them to the second group.
            await connection.ExecuteAsync("UPDATE outbox_messages SET group_number = 2 WHERE participant_id = @p", null, default, ("p", people[0].ParticipantId));
        }

        var summary = await harness.Dispatch(DispatchHarness.Smtp(server)).RunOnceAsync(default);

        Assert.Equal((3, 1), (summary.Sent, summary.Failed));
        Assert.Equal(people.Skip(1).Select(p => p.Email).Order(), server.Delivered.SelectMany(m => m.EnvelopeTo).Order());
        var failed = (await harness.RowsAsync()).Single(r => r.ParticipantId == people[0].ParticipantId);
        Assert.Equal("failed", failed.State);
        Assert.Contains("is not in the group this email names (2)", failed.LastReply, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Outbox_ARowWithoutContentThatNamesNoRound_IsRefusedByTheDatabase(string provider)
    {
        await using var harness = await DispatchHarness.CreateAsync(provider);
        var people = await harness.QueueIntroductionsAsync(2);
        await using var connection = await harness.Database.OpenAsync();
        var now = harness.Time.StorageNow();

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => connection.ExecuteAsync(
            "INSERT INTO outbox_messages (idempotency_key, kind, participant_id, state, created_at, next_attempt_at) VALUES ('x', 'introduction', @p, 'pending', @now, @now)",
            null,
            default,
            ("p", people[0].ParticipantId),
            ("now", now)));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => connection.ExecuteAsync(
            "INSERT INTO outbox_messages (idempotency_key, kind, participant_id, state, created_at, next_attempt_at) VALUES ('y', 'confirmSignUp', @p, 'pending', @now, @now)",
            null,
            default,
            ("p", people[0].ParticipantId),
            ("now", now)));
    }
}
