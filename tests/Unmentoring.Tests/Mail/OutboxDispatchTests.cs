using MimeKit;
using Unmentoring.Mail;
using Unmentoring.Storage;
using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Mail;

/// <summary>Delivery through a real SMTP server in this process, on SQLite and PostgreSQL.</summary>
public sealed class OutboxDispatchTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RunOnce_ARoundOfIntroductions_EveryRecipientGetsExactlyOneCompleteMessage(string provider)
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        await using var harness = await DispatchHarness.CreateAsync(provider);
        var people = await harness.QueueIntroductionsAsync(2, 2, 3);
        var dispatch = harness.Dispatch(DispatchHarness.Smtp(server));

        var summary = await dispatch.RunOnceAsync(default);
        var again = await dispatch.RunOnceAsync(default);

        Assert.Equal(7, summary.Sent);
        Assert.Equal(0, again.Claimed);
        Assert.Equal(1, server.Sessions);
        Assert.Equal(people.Select(p => p.Email).Order(), server.Delivered.SelectMany(m => m.EnvelopeTo).Order());
        var rows = await harness.RowsAsync();
        Assert.All(rows, r =>
        {
            Assert.Equal("sent", r.State);
            Assert.Equal(1, r.Attempts);
            Assert.Equal(MailSamples.Now.UtcDateTime, r.SentAt);
            Assert.Contains("Ok", r.LastReply, StringComparison.OrdinalIgnoreCase);
        });

        foreach (var received in server.Delivered)
        {
            var message = received.Message;
            var to = Assert.Single(message.To.Mailboxes);
            var person = people.Single(p => p.Email == to.Address);
            var row = rows.Single(r => r.ParticipantId == person.ParticipantId);
            Assert.Equal(OutboxMime.MessageId(row.Key, DispatchHarness.Mail.FromAddress), message.MessageId);
            Assert.Equal("unmentoring@unmentoring.example.org", Assert.Single(message.From.Mailboxes).Address);
            Assert.Equal("organisers@unmentoring.example.org", Assert.Single(message.ReplyTo.Mailboxes).Address);
            Assert.Equal("unmentoring@unmentoring.example.org", received.EnvelopeFrom);

            // Both parts, as alternatives, beside the calendar file.
            var mixed = Assert.IsType<Multipart>(message.Body);
            Assert.Equal("mixed", mixed.ContentType.MediaSubtype);
            var alternative = Assert.IsType<MultipartAlternative>(mixed[0]);
            Assert.Contains("WHO YOU ARE MEETING", alternative.TextBody, StringComparison.Ordinal);
            Assert.Contains("<h2", alternative.HtmlBody, StringComparison.Ordinal);
            Assert.Contains("No sales pitches", alternative.TextBody, StringComparison.Ordinal);

            var unsubscribe = message.Headers["List-Unsubscribe"]!.Replace("\r\n", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
            Assert.Matches(@"^<https://unmentoring\.example\.org/unsubscribe/[^>]+>,<mailto:organisers@unmentoring\.example\.org\?subject=Unsubscribe%20[^>]+>$", unsubscribe);
            Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);

            var calendar = Assert.Single(message.Attachments.OfType<MimePart>());
            Assert.Equal("text/calendar", calendar.ContentType.MimeType);
            Assert.Equal("invitation.ics", calendar.FileName);
            using var content = new MemoryStream();
            await calendar.Content!.DecodeToAsync(content);
            var ics = System.Text.Encoding.UTF8.GetString(content.ToArray()).Replace("\r\n ", "", StringComparison.Ordinal);
            // Every member of the person's group (queued in order: 2, 2, then 3) is an attendee, and nobody else.
            var index = people.ToList().IndexOf(person);
            var group = index < 2 ? people.Take(2) : index < 4 ? people.Skip(2).Take(2) : people.Skip(4);
            var attendees = ics.Split("\r\n").Where(l => l.StartsWith("ATTENDEE;", StringComparison.Ordinal)).Select(l => l[(l.IndexOf(":mailto:", StringComparison.Ordinal) + 8)..]);
            Assert.Equal(group.Select(p => p.Email).Order(), attendees.Order());
            Assert.Contains("DTSTART:20261201T100000Z", ics, StringComparison.Ordinal);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RunOnce_ServerDefersTwiceThenAccepts_DeliveredOnceAfterThreeAttempts(string provider)
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        await using var harness = await DispatchHarness.CreateAsync(provider);
        var people = await harness.QueueIntroductionsAsync(2);
        var deferrals = 0;
        server.Verdict = m => m.To.Mailboxes.Single().Address == people[0].Email && Interlocked.Increment(ref deferrals) <= 2 ? SmtpVerdict.TryLater : SmtpVerdict.Accept;
        var dispatch = harness.Dispatch(DispatchHarness.Smtp(server));

        var first = await dispatch.RunOnceAsync(default);
        var deferred = (await harness.RowsAsync()).Single(r => r.ParticipantId == people[0].ParticipantId);
        var sameTime = await dispatch.RunOnceAsync(default);
        harness.Time.Advance(harness.Options.MaxBackoff);
        var second = await dispatch.RunOnceAsync(default);
        harness.Time.Advance(harness.Options.MaxBackoff);
        var third = await dispatch.RunOnceAsync(default);
        harness.Time.Advance(harness.Options.MaxBackoff);
        var fourth = await dispatch.RunOnceAsync(default);

        Assert.Equal((1, 1), (first.Sent, first.Retrying));
        Assert.Equal("retrying", deferred.State);
        Assert.Equal(1, deferred.Attempts);
        Assert.StartsWith("451", deferred.LastReply, StringComparison.Ordinal);

        // Equal jitter: between half and all of FirstRetryAfter (one minute) after the attempt.
        Assert.InRange(deferred.NextAttemptAt, MailSamples.Now.UtcDateTime.AddSeconds(30), MailSamples.Now.UtcDateTime.AddMinutes(1));
        Assert.Equal(0, sameTime.Claimed);
        Assert.Equal(1, second.Retrying);
        Assert.Equal(1, third.Sent);
        Assert.Equal(0, fourth.Claimed);

        var rows = await harness.RowsAsync();
        Assert.All(rows, r => Assert.Equal("sent", r.State));
        Assert.Equal(3, rows.Single(r => r.ParticipantId == people[0].ParticipantId).Attempts);
        Assert.Equal(1, rows.Single(r => r.ParticipantId == people[1].ParticipantId).Attempts);
        Assert.Equal(2, server.Delivered.Count);
        Assert.Equal(2, server.Delivered.Select(m => m.Message.MessageId).Distinct().Count());
        Assert.Equal(4, server.Received.Count);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RunOnce_DeferredForLongerThanRetryFor_GivesUp(string provider)
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        server.Verdict = _ => SmtpVerdict.TryLater;
        await using var harness = await DispatchHarness.CreateAsync(provider);
        await harness.QueueIntroductionsAsync(2);
        harness.Options.RetryFor = TimeSpan.FromHours(6);
        var dispatch = harness.Dispatch(DispatchHarness.Smtp(server));

        for (var hour = 0; hour <= 8; hour++)
        {
            await dispatch.RunOnceAsync(default);
            harness.Time.Advance(harness.Options.MaxBackoff);
        }

        var rows = await harness.RowsAsync();
        Assert.All(rows, r =>
        {
            Assert.Equal("failed", r.State);
            Assert.StartsWith("gave up after trying for 06:00:00: 451", r.LastReply, StringComparison.Ordinal);
            Assert.InRange(r.Attempts, 4, 6);
        });
        Assert.Null((await harness.UndeliverableAsync(rows[0].ParticipantId!.Value)).At);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RunOnce_ServerRefuses_FailedNotRetriedAndParticipantFlagged(string provider)
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        await using var harness = await DispatchHarness.CreateAsync(provider);
        var people = await harness.QueueIntroductionsAsync(2);
        server.Verdict = m => m.To.Mailboxes.Single().Address == people[0].Email ? SmtpVerdict.Refuse : SmtpVerdict.Accept;
        var dispatch = harness.Dispatch(DispatchHarness.Smtp(server));

        await dispatch.RunOnceAsync(default);
        harness.Time.Advance(TimeSpan.FromDays(10));
        var later = await DispatchHarness.RunUntilIdleAsync(dispatch);

        Assert.Equal(0, later);
        Assert.Equal(2, server.Received.Count);
        var rows = await harness.RowsAsync();
        var refused = rows.Single(r => r.ParticipantId == people[0].ParticipantId);
        Assert.Equal("failed", refused.State);
        Assert.Equal(1, refused.Attempts);
        Assert.StartsWith("550", refused.LastReply, StringComparison.Ordinal);
        Assert.Equal("sent", rows.Single(r => r.ParticipantId == people[1].ParticipantId).State);

        var flagged = await harness.UndeliverableAsync(people[0].ParticipantId);
        Assert.Equal(MailSamples.Now.UtcDateTime, flagged.At);
        Assert.StartsWith("550", flagged.Reason, StringComparison.Ordinal);
        Assert.Null((await harness.UndeliverableAsync(people[1].ParticipantId)).At);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RunOnce_ConnectionDropsAfterTheData_AmbiguousAndNeverResent(string provider)
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        await using var harness = await DispatchHarness.CreateAsync(provider);
        var people = await harness.QueueIntroductionsAsync(3);
        server.Verdict = m => m.To.Mailboxes.Single().Address == people[0].Email ? SmtpVerdict.DropAfterData : SmtpVerdict.Accept;
        var dispatch = harness.Dispatch(DispatchHarness.Smtp(server));

        var summary = await dispatch.RunOnceAsync(default);
        harness.Time.Advance(TimeSpan.FromDays(10));
        await DispatchHarness.RunUntilIdleAsync(dispatch);

        Assert.Equal(1, summary.Ambiguous);
        Assert.Equal(2, summary.Sent);
        var rows = await harness.RowsAsync();
        var dropped = rows.Single(r => r.ParticipantId == people[0].ParticipantId);
        Assert.Equal("ambiguous", dropped.State);
        Assert.Contains("may have been delivered", dropped.LastReply, StringComparison.Ordinal);
        Assert.Single(server.Received, m => m.EnvelopeTo.Contains(people[0].Email));

        // The rest of the batch went out over a new connection.
        Assert.Equal(2, server.Sessions);
        Assert.All(rows.Where(r => r != dropped), r => Assert.Equal("sent", r.State));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RunOnce_ServerDownThenUp_EverythingDeliveredOnce(string provider)
    {
        var server = LoopbackSmtpServer.NotStarted(LoopbackSmtpServer.FreePort());
        await using var _ = server;
        await using var harness = await DispatchHarness.CreateAsync(provider);
        var people = await harness.QueueIntroductionsAsync(2, 3);
        var dispatch = harness.Dispatch(DispatchHarness.Smtp(server));

        var whileDown = await dispatch.RunOnceAsync(default);
        var rowsWhileDown = await harness.RowsAsync();
        await server.StartAsync();
        var tooSoon = await dispatch.RunOnceAsync(default);
        harness.Time.Advance(harness.Options.MaxBackoff);
        await DispatchHarness.RunUntilIdleAsync(dispatch);

        Assert.Equal(5, whileDown.Retrying);
        Assert.All(rowsWhileDown, r =>
        {
            Assert.Equal("retrying", r.State);
            Assert.Contains("could not connect", r.LastReply, StringComparison.Ordinal);
        });
        Assert.Equal(0, tooSoon.Claimed);
        Assert.All(await harness.RowsAsync(), r => Assert.Equal("sent", r.State));
        Assert.Equal(people.Select(p => p.Email).Order(), server.Delivered.SelectMany(m => m.EnvelopeTo).Order());
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RunOnce_ClaimExpiredBeforeSending_SentByTheNextDispatcher(string provider)
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        await using var harness = await DispatchHarness.CreateAsync(provider);
        await harness.QueueIntroductionsAsync(2);
        var now = harness.Time.StorageNow();

        // A dispatcher claims both and dies before handing either to the server.
        var claimed = await harness.Queue.ClaimAsync(10, now, now + harness.Options.LeaseDuration, null, default);
        var whileLeased = await harness.Dispatch(DispatchHarness.Smtp(server)).RunOnceAsync(default);
        harness.Time.Advance(harness.Options.LeaseDuration + TimeSpan.FromSeconds(1));
        var afterLease = await harness.Dispatch(DispatchHarness.Smtp(server)).RunOnceAsync(default);

        Assert.Equal(2, claimed.Count);
        Assert.Equal(0, whileLeased.Claimed);
        Assert.Equal(2, afterLease.Recovered);
        Assert.Equal(2, afterLease.Sent);
        Assert.Equal(2, server.Delivered.Count);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RunOnce_ClaimExpiredAfterHandingOver_AmbiguousNotResent(string provider)
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        await using var harness = await DispatchHarness.CreateAsync(provider);
        await harness.QueueIntroductionsAsync(2);
        var now = harness.Time.StorageNow();

        // A dispatcher marks the first as handed to the server, then dies (or loses the database) before
        // it can record the reply.
        var claimed = await harness.Queue.ClaimAsync(10, now, now + harness.Options.LeaseDuration, null, default);
        Assert.True(await harness.Queue.RecordAndStartAsync(null, claimed[0], now, now + harness.Options.LeaseDuration, default));
        harness.Time.Advance(harness.Options.LeaseDuration + TimeSpan.FromSeconds(1));
        var next = await harness.Dispatch(DispatchHarness.Smtp(server)).RunOnceAsync(default);
        harness.Time.Advance(TimeSpan.FromDays(10));
        await DispatchHarness.RunUntilIdleAsync(harness.Dispatch(DispatchHarness.Smtp(server)));

        var rows = await harness.RowsAsync();
        Assert.Equal("ambiguous", rows[0].State);
        Assert.Contains("may have been delivered", rows[0].LastReply, StringComparison.Ordinal);
        Assert.Equal("sent", rows[1].State);
        Assert.Equal(1, next.Sent);
        Assert.Single(server.Received);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Record_ByADispatcherThatLostItsClaim_ChangesNothing(string provider)
    {
        await using var harness = await DispatchHarness.CreateAsync(provider);
        await harness.QueueIntroductionsAsync(2);
        var now = harness.Time.StorageNow();
        var lease = now + harness.Options.LeaseDuration;
        var stale = await harness.Queue.ClaimAsync(1, now, lease, null, default);
        harness.Time.Advance(harness.Options.LeaseDuration + TimeSpan.FromSeconds(1));
        now = harness.Time.StorageNow();
        await harness.Queue.RecoverExpiredAsync(now, null, null, default);
        var fresh = await harness.Queue.ClaimAsync(10, now, now + harness.Options.LeaseDuration, null, default);

        var startedStale = await harness.Queue.RecordAndStartAsync(null, stale[0], now, now + harness.Options.LeaseDuration, default);
        await harness.Queue.RecordAsync(new SendOutcome(stale[0], "failed", "stale"), now, default);

        Assert.Contains(stale[0].Id, fresh.Select(m => m.Id));
        Assert.False(startedStale);
        Assert.Equal("sending", (await harness.RowsAsync())[0].State);
    }

    [SkippableFact]
    public async Task RunOnce_TwoDispatchersOnOnePostgres_EachMessageSentOnce()
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        server.DelayPerMessage = TimeSpan.FromMilliseconds(5);
        await using var harness = await DispatchHarness.CreateAsync(TestDatabase.Postgres);
        var people = await harness.QueueIntroductionsAsync([.. Enumerable.Repeat(2, 30)]);
        harness.Options.BatchSize = 4;
        var first = harness.Dispatch(DispatchHarness.Smtp(server));
        var second = harness.Dispatch(DispatchHarness.Smtp(server));
        using var start = new Barrier(2);

        async Task<int> Work(OutboxDispatch dispatch)
        {
            await Task.Yield();
            start.SignalAndWait();
            var claimed = 0;
            for (var empty = 0; empty < 3;)
            {
                var summary = await dispatch.RunOnceAsync(default);
                claimed += summary.Claimed;
                empty = summary.Claimed == 0 ? empty + 1 : 0;
            }

            return claimed;
        }

        var both = await Task.WhenAll(Task.Run(() => Work(first)), Task.Run(() => Work(second)));

        Assert.Equal(60, both.Sum());
        Assert.All(both, claimed => Assert.True(claimed > 0, "both dispatchers should have taken part"));
        Assert.Equal(60, server.Received.Count);
        Assert.Equal(people.Select(p => p.Email).Order(), server.Received.SelectMany(m => m.EnvelopeTo).Order());
        Assert.All(await harness.RowsAsync(), r => Assert.Equal(("sent", 1), (r.State, r.Attempts)));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RunOnce_RecipientOutsideTheAllowList_SuppressedNotSent(string provider)
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        await using var harness = await DispatchHarness.CreateAsync(provider);
        var people = await harness.QueueIntroductionsAsync(2);
        harness.MailOptions = new MailOptions
        {
            FromAddress = DispatchHarness.Mail.FromAddress,
            AllowedRecipientDomains = [people[1].Email.Split('@')[1]],
        };

        var summary = await harness.Dispatch(DispatchHarness.Smtp(server)).RunOnceAsync(default);

        Assert.Equal((1, 1), (summary.Sent, summary.Suppressed));
        var rows = await harness.RowsAsync();
        Assert.Equal("suppressed", rows.Single(r => r.ParticipantId == people[0].ParticipantId).State);
        Assert.Contains("AllowedRecipientDomains", rows.Single(r => r.ParticipantId == people[0].ParticipantId).LastReply, StringComparison.Ordinal);
        Assert.Equal(people[1].Email, Assert.Single(server.Received).EnvelopeTo.Single());
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RunOnce_RecipientUnsubscribedAfterQueueing_SuppressedNotSent(string provider)
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        await using var harness = await DispatchHarness.CreateAsync(provider);
        var people = await harness.QueueIntroductionsAsync(2);
        await new Unmentoring.Participants.ParticipantStore(harness.Database, harness.Time).ChangeStatusAsync(people[0].ParticipantId, Unmentoring.Participants.ParticipantStatus.Unsubscribed);

        var summary = await harness.Dispatch(DispatchHarness.Smtp(server)).RunOnceAsync(default);

        Assert.Equal((1, 1), (summary.Sent, summary.Suppressed));
        var row = (await harness.RowsAsync()).Single(r => r.ParticipantId == people[0].ParticipantId);
        Assert.Equal(("suppressed", 0), (row.State, row.Attempts));
        Assert.Equal("not sent: the participant unsubscribed", row.LastReply);
        Assert.Equal(people[1].Email, Assert.Single(server.Received).EnvelopeTo.Single());
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RunOnce_StoppedMidBatch_RecordsWhatWasSentAndGivesTheRestBackAtOnce(string provider)
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        await using var harness = await DispatchHarness.CreateAsync(provider);
        await harness.QueueIntroductionsAsync(2, 2);
        using var stop = new CancellationTokenSource();
        var stopping = new StopAfterFirstMessage(DispatchHarness.Smtp(server), stop);

        var first = await harness.Dispatch(stopping).RunOnceAsync(stop.Token);
        var states = (await harness.RowsAsync()).Select(r => r.State).ToList();
        var second = await harness.Dispatch(DispatchHarness.Smtp(server)).RunOnceAsync(default);

        Assert.Equal((4, 1), (first.Claimed, first.Sent));
        Assert.Equal(["sent", "pending", "pending", "pending"], states);
        Assert.Equal(3, second.Sent);
        Assert.Equal(4, server.Received.Select(m => m.Message.MessageId).Distinct().Count());
        Assert.Equal(4, server.Received.Count);
    }

    /// <summary>Stops the dispatcher (as a shutdown would) once the first message has been accepted.</summary>
    private sealed class StopAfterFirstMessage(IMailTransport inner, CancellationTokenSource stop) : IMailTransport
    {
        public string Description => inner.Description;

        public async Task<IMailSession> OpenAsync(CancellationToken cancellationToken) => new Session(await inner.OpenAsync(cancellationToken), stop);

        private sealed class Session(IMailSession inner, CancellationTokenSource stop) : IMailSession
        {
            public async Task<DeliveryResult> SendAsync(MimeMessage message, CancellationToken cancellationToken)
            {
                var result = await inner.SendAsync(message, cancellationToken);
                await stop.CancelAsync();
                return result;
            }

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RunOnce_PickupFolder_LeavesReadableIntroductions(string provider)
    {
        await using var harness = await DispatchHarness.CreateAsync(provider);
        var people = await harness.QueueIntroductionsAsync(2);
        var folder = Path.Combine(harness.Db.DataDirectory, "mail");

        var summary = await harness.Dispatch(new PickupFolderTransport(folder)).RunOnceAsync(default);

        Assert.Equal(2, summary.Sent);
        var files = Directory.GetFiles(folder, "*.eml");
        Assert.Equal(2, files.Length);
        var message = await MimeMessage.LoadAsync(files.Order(StringComparer.Ordinal).First());
        Assert.Contains(message.To.Mailboxes.Single().Address, people.Select(p => p.Email));
        Assert.Contains("WHO YOU ARE MEETING", message.TextBody, StringComparison.Ordinal);
        Assert.Single(message.Attachments);
    }

    [Fact]
    public async Task Smtp_StartTls_SendsOverTlsAndRefusesAnUntrustedCertificate()
    {
        await using var server = await LoopbackSmtpServer.StartAsync(startTls: true);
        await using var harness = await DispatchHarness.CreateAsync(TestDatabase.Sqlite);
        await harness.QueueIntroductionsAsync(2);
        var options = new SmtpOptions { Host = "localhost", Port = server.Port, Security = SmtpSecurity.StartTls };
        var untrusting = new SmtpTransport(options, Microsoft.Extensions.Logging.Abstractions.NullLogger<SmtpTransport>.Instance);
        var trusting = new SmtpTransport(options, Microsoft.Extensions.Logging.Abstractions.NullLogger<SmtpTransport>.Instance)
        {
            CertificateValidation = (_, certificate, _, _) => certificate is not null && certificate.GetCertHashString() == server.Certificate!.GetCertHashString(),
        };

        var refused = await harness.Dispatch(untrusting).RunOnceAsync(default);
        var afterRefusal = await harness.RowsAsync();
        harness.Time.Advance(harness.Options.MaxBackoff);
        var sent = await harness.Dispatch(trusting).RunOnceAsync(default);

        Assert.Equal(2, refused.Retrying);
        Assert.Contains("could not connect", afterRefusal[0].LastReply, StringComparison.Ordinal);
        Assert.Equal(2, sent.Sent);
        Assert.Equal(2, server.Received.Count);
        Assert.All(server.Received, m => Assert.True(m.OverTls));
    }

    [SkippableFact]
    public async Task Dispatcher_DatabaseLostMidBatch_NothingLostNothingSentTwice()
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        await using var harness = await DispatchHarness.CreateAsync(TestDatabase.Postgres);
        var people = await harness.QueueIntroductionsAsync(2, 2, 2);
        var database = new Npgsql.NpgsqlConnectionStringBuilder(harness.Db.PostgresConnectionString).Database!;
        var admin = new Npgsql.NpgsqlConnectionStringBuilder(harness.Db.PostgresConnectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        var cut = 0;
        server.Verdict = _ =>
        {
            // While the second message is with the server, the database goes away.
            if (server.Received.Count == 1 && Interlocked.Exchange(ref cut, 1) == 0)
            {
                SetConnectionsAllowed(admin, database, allowed: false);
            }

            return SmtpVerdict.Accept;
        };
        // One loop, so exactly one message is with the server when the database goes.
        harness.Options.Concurrency = 1;
        var dispatcher = harness.HostedDispatcher(DispatchHarness.Smtp(server));

        await dispatcher.StartAsync(default);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var restored = false;
        var steps = 0;
        IReadOnlyList<DispatchHarness.Row> rows = [];
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
            harness.Time.Advance(TimeSpan.FromSeconds(30));
            if (Volatile.Read(ref cut) == 1 && !restored && ++steps > 5)
            {
                SetConnectionsAllowed(admin, database, allowed: true);
                restored = true;
            }

            if (restored)
            {
                try
                {
                    rows = await harness.RowsAsync();
                }
                catch (Npgsql.NpgsqlException)
                {
                    continue;
                }

                if (rows.All(r => r.State is "sent" or "ambiguous"))
                {
                    break;
                }
            }
        }

        await dispatcher.StopAsync(default);

        Assert.True(restored, "the database should have been cut while the second message was being sent");
        Assert.Equal(["ambiguous", "sent", "sent", "sent", "sent", "sent"], rows.Select(r => r.State).Order());
        Assert.Equal(people.Select(p => p.Email).Order(), server.Received.SelectMany(m => m.EnvelopeTo).Order());
    }

    [SkippableTheory]
    [InlineData(TestDatabase.Postgres, 2)]
    [InlineData(TestDatabase.Sqlite, 1)]
    public async Task Dispatcher_DefaultConcurrency_PostgresSendsTwoBatchesAtOnceSqliteOne_EachEmailOnce(string provider, int expectedAtOnce)
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        server.DelayPerMessage = TimeSpan.FromMilliseconds(20);
        await using var harness = await DispatchHarness.CreateAsync(provider);
        var people = await harness.QueueIntroductionsAsync([.. Enumerable.Repeat(2, 20)]);
        harness.Options.BatchSize = 4;
        var transport = new CountingTransport(DispatchHarness.Smtp(server));
        var dispatcher = harness.HostedDispatcher(transport);

        await dispatcher.StartAsync(default);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        IReadOnlyList<DispatchHarness.Row> rows = [];
        while (DateTime.UtcNow < deadline && (rows.Count == 0 || rows.Any(r => r.State != "sent")))
        {
            await Task.Delay(20);
            harness.Time.Advance(TimeSpan.FromSeconds(30));
            rows = await harness.RowsAsync();
        }

        await dispatcher.StopAsync(default);

        Assert.All(rows, r => Assert.Equal("sent", r.State));
        Assert.Equal(people.Select(p => p.Email).Order(), server.Received.SelectMany(m => m.EnvelopeTo).Order());
        Assert.Equal(expectedAtOnce, transport.MostOpenAtOnce);
    }

    /// <summary>Counts the dispatcher's open sessions on its side, where a session's end is known at once.</summary>
    private sealed class CountingTransport(IMailTransport inner) : IMailTransport
    {
        private readonly Lock _gate = new();
        private int _open;
        private int _most;

        public string Description => inner.Description;

        public int MostOpenAtOnce => Volatile.Read(ref _most);

        public async Task<IMailSession> OpenAsync(CancellationToken cancellationToken)
        {
            var session = await inner.OpenAsync(cancellationToken);
            var open = Interlocked.Increment(ref _open);
            lock (_gate)
            {
                _most = Math.Max(_most, open);
            }

            return new Session(session, this);
        }

        private sealed class Session(IMailSession inner, CountingTransport owner) : IMailSession
        {
            public Task<DeliveryResult> SendAsync(MimeKit.MimeMessage message, CancellationToken cancellationToken) => inner.SendAsync(message, cancellationToken);

            public async ValueTask DisposeAsync()
            {
                Interlocked.Decrement(ref owner._open);
                await inner.DisposeAsync();
            }
        }
    }

    private static void SetConnectionsAllowed(string admin, string database, bool allowed)
    {
        using var connection = new Npgsql.NpgsqlConnection(admin);
        connection.Open();
        using var alter = new Npgsql.NpgsqlCommand($"ALTER DATABASE {database} ALLOW_CONNECTIONS {(allowed ? "true" : "false")}", connection);
        alter.ExecuteNonQuery();
        if (!allowed)
        {
            using var terminate = new Npgsql.NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @db AND pid <> pg_backend_pid()", connection);
            terminate.Parameters.AddWithValue("db", database);
            terminate.ExecuteNonQuery();
        }
    }
}
