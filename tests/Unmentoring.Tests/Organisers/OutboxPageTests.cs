using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using Unmentoring.Mail;
using Unmentoring.Organisers;
using Unmentoring.Participants;
using Unmentoring.Storage;
using Unmentoring.Tests.Support;
using Unmentoring.Tests.Web;

namespace Unmentoring.Tests.Organisers;

/// <summary>
/// /organise/outbox through the host: a real round's introductions sent by the real dispatcher to the loopback
/// SMTP server, one refused (failed) and one dropped after its data (ambiguous); then the page.
/// </summary>
public sealed class OutboxPageTests
{
    private const string Ada = "ada@council.example.gov.uk";
    private const string Refused = "person0@org0.example";
    private const string Dropped = "person1@org1.example";

    [Theory]
    [InlineData("/organise/outbox")]
    [InlineData("/organise/templates")]
    [InlineData("/organise/templates/introduction")]
    [InlineData("/organise/templates/introduction/html")]
    public async Task Pages_WithoutASession_SendToSignInAndRefusePosts(string path)
    {
        await using var app = await WebApp.StartAsync();

        var get = await app.Client.GetAsync(path);
        var post = await app.Client.PostAsync(path, new FormUrlEncodedContent([new("action", OutboxModelNames.SendAgain), new("ids", "1")]));

        Assert.Equal(HttpStatusCode.Redirect, get.StatusCode);
        Assert.StartsWith(OrganiserAccess.SignInPath, get.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Outbox_ShowsTheCountsAndEachFailedAndAmbiguousEmailWithItsReason(string provider)
    {
        await using var scene = await Scene.StartAsync(provider);
        using var viewer = scene.App.OrganiserClient("bob@council.example.gov.uk", OrganiserRoles.Viewer);

        var (response, page) = await scene.App.GetAsync("/organise/outbox", viewer);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2", page.GetElementById("count-sent")!.TextContent.Trim());
        Assert.Equal("1", page.GetElementById("count-failed")!.TextContent.Trim());
        Assert.Equal("1", page.GetElementById("count-ambiguous")!.TextContent.Trim());
        var failed = Row(page, Refused);
        Assert.Contains("550", failed.TextContent, StringComparison.Ordinal);
        Assert.Contains("failed", failed.TextContent, StringComparison.Ordinal);
        Assert.Equal("/organise/rounds/2026-11", failed.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("Introduction", failed.TextContent, StringComparison.Ordinal);
        Assert.Contains("may have been delivered", Row(page, Dropped).TextContent, StringComparison.Ordinal);

        // A viewer sees everything and can change nothing.
        Assert.Empty(page.QuerySelectorAll("input[type=checkbox]"));
        Assert.Null(page.GetElementById("send-again"));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SendAgain_AFailedEmail_GoesThroughTheDispatcherAndIsDeliveredOnce(string provider)
    {
        await using var scene = await Scene.StartAsync(provider);
        using var client = scene.App.OrganiserClient(Ada);
        var id = await scene.IdOfAsync(Refused);
        var (_, page) = await scene.App.GetAsync("/organise/outbox", client);
        scene.Smtp.Verdict = _ => SmtpVerdict.Accept;

        var (response, _) = await scene.App.SubmitAsync(page, [new("ids", id.ToString()), new("action", OutboxModelNames.SendAgain)], "#problems-form", client);

        Assert.Equal("/organise/outbox?done=send-again&count=1", response.Headers.Location!.OriginalString);
        Assert.Equal(1, await scene.App.CountAsync("SELECT count(*) FROM outbox_messages WHERE id = @id AND state = 'pending'", ("id", id)));
        Assert.Equal(0, scene.DeliveredTo(Refused));
        Assert.Equal(1, await scene.App.CountAsync(
            "SELECT count(*) FROM audit_log WHERE actor = @a AND action = 'outbox.sent-again' AND subject LIKE @to AND detail LIKE '%550%'", ("a", Ada), ("to", "%" + Refused + "%")));

        await scene.DispatchAsync();
        await scene.DispatchAsync();

        Assert.Equal(1, scene.DeliveredTo(Refused));
        Assert.Equal(1, await scene.App.CountAsync("SELECT count(*) FROM outbox_messages WHERE id = @id AND state = 'sent'", ("id", id)));

        // The same form sent again (a second press, or a page left open) changes nothing and says why.
        var (again, shown) = await scene.App.SubmitAsync(page, [new("ids", id.ToString()), new("action", OutboxModelNames.SendAgain)], "#problems-form", client);
        await scene.DispatchAsync();

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("no longer failed or ambiguous", shown.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(1, scene.DeliveredTo(Refused));
        Assert.Equal(1, await scene.App.CountAsync("SELECT count(*) FROM audit_log WHERE action = 'outbox.sent-again'"));
    }

    [Fact]
    public async Task SendAgain_AnAmbiguousEmail_KeepsItsMessageIdAndThePageWarnsFirst()
    {
        await using var scene = await Scene.StartAsync(TestDatabase.Sqlite);
        using var client = scene.App.OrganiserClient(Ada);
        var id = await scene.IdOfAsync(Dropped);
        var (_, page) = await scene.App.GetAsync("/organise/outbox", client);
        scene.Smtp.Verdict = _ => SmtpVerdict.Accept;

        var warning = page.GetElementById("ambiguous-warning")!;
        Assert.Contains("may already be in the person's inbox", warning.TextContent, StringComparison.Ordinal);
        Assert.True(warning.CompareDocumentPosition(page.GetElementById("send-again")!).HasFlag(AngleSharp.Dom.DocumentPositions.Following));

        await scene.App.SubmitAsync(page, [new("ids", id.ToString()), new("action", OutboxModelNames.SendAgain)], "#problems-form", client);
        await scene.DispatchAsync();

        var copies = scene.Smtp.Delivered.Where(m => m.Message.To.ToString().Contains(Dropped, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, copies.Count);
        Assert.Equal(copies[0].Message.MessageId, copies[1].Message.MessageId);
    }

    [Fact]
    public async Task SendAgain_ToSomeoneWhoHasLeft_IsRefusedSayingWhy()
    {
        await using var scene = await Scene.StartAsync(TestDatabase.Sqlite);
        using var client = scene.App.OrganiserClient(Ada);
        var id = await scene.IdOfAsync(Refused);
        await ExecuteAsync(scene.App, "UPDATE participants SET status = 'unsubscribed' WHERE email = @email", ("email", Refused));
        var (_, page) = await scene.App.GetAsync("/organise/outbox", client);
        Assert.Contains("left the scheme", Row(page, Refused).TextContent, StringComparison.Ordinal);

        var (response, refused) = await scene.App.SubmitAsync(page, [new("ids", id.ToString()), new("action", OutboxModelNames.SendAgain)], "#problems-form", client);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = refused.QuerySelector(".govuk-error-summary")!;
        Assert.Contains("the person has left the scheme", summary.TextContent, StringComparison.Ordinal);
        Assert.Equal($"#email-{id}", summary.QuerySelector("a")!.GetAttribute("href"));
        Assert.NotNull(refused.GetElementById($"email-{id}"));
        Assert.Equal(1, await scene.App.CountAsync("SELECT count(*) FROM outbox_messages WHERE id = @id AND state = 'failed'", ("id", id)));
        Assert.Equal(0, await scene.App.CountAsync("SELECT count(*) FROM audit_log WHERE action LIKE 'outbox.%'"));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task MarkDelivered_SeveralAtOnce_RecordsEachAsSentWithTheOrganiser(string provider)
    {
        await using var scene = await Scene.StartAsync(provider);
        using var client = scene.App.OrganiserClient(Ada);
        var ids = new[] { await scene.IdOfAsync(Refused), await scene.IdOfAsync(Dropped) };
        var (_, page) = await scene.App.GetAsync("/organise/outbox", client);

        var (response, _) = await scene.App.SubmitAsync(
            page, [new("ids", ids[0].ToString()), new("ids", ids[1].ToString()), new("action", OutboxModelNames.MarkDelivered)], "#problems-form", client);

        Assert.Equal("/organise/outbox?done=mark-delivered&count=2", response.Headers.Location!.OriginalString);
        Assert.Equal(4, await scene.App.CountAsync("SELECT count(*) FROM outbox_messages WHERE state = 'sent'"));
        Assert.Equal(2, await scene.App.CountAsync("SELECT count(*) FROM audit_log WHERE actor = @a AND action = 'outbox.marked-delivered'", ("a", Ada)));
        var (_, after) = await scene.App.GetAsync(response.Headers.Location!.OriginalString, client);
        Assert.Equal("2 emails marked as delivered.", after.GetElementById("done")!.TextContent.Trim());
        Assert.NotNull(after.GetElementById("no-problems"));

        // Marked as delivered is final: the dispatcher sends nothing more.
        await scene.DispatchAsync();
        Assert.Equal(0, scene.DeliveredTo(Refused));
    }

    [Theory]
    [InlineData(OutboxModelNames.SendAgain, "Select the emails to send again")]
    [InlineData(OutboxModelNames.MarkDelivered, "Select the emails to mark as delivered")]
    public async Task Post_WithNothingSelected_ShowsTheErrorSummaryLinkedToTheFirstBox(string action, string message)
    {
        await using var scene = await Scene.StartAsync(TestDatabase.Sqlite);
        using var client = scene.App.OrganiserClient(Ada);
        var (_, page) = await scene.App.GetAsync("/organise/outbox", client);
        var first = page.QuerySelector("#problems input[type=checkbox]")!.Id;

        var (response, shown) = await scene.App.SubmitAsync(page, [new("action", action)], "#problems-form", client);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = shown.QuerySelector(".govuk-error-summary")!;
        Assert.Equal(message, summary.QuerySelector("a")!.TextContent.Trim());
        Assert.Equal("#" + first, summary.QuerySelector("a")!.GetAttribute("href"));
        Assert.StartsWith("Error:", shown.Title, StringComparison.Ordinal);
        Assert.Equal(2, await scene.App.CountAsync("SELECT count(*) FROM outbox_messages WHERE state IN ('failed', 'ambiguous')"));
    }

    [Fact]
    public async Task Post_FromAViewer_Is403AndChangesNothing()
    {
        await using var scene = await Scene.StartAsync(TestDatabase.Sqlite);
        using var organiser = scene.App.OrganiserClient(Ada);
        using var viewer = scene.App.OrganiserClient("bob@council.example.gov.uk", OrganiserRoles.Viewer);
        var (_, page) = await scene.App.GetAsync("/organise/outbox", organiser);
        var token = page.QuerySelector("#problems-form input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        var id = await scene.IdOfAsync(Refused);

        var post = await viewer.PostAsync("/organise/outbox", new FormUrlEncodedContent(
            [new("ids", id.ToString()), new("action", OutboxModelNames.SendAgain), new("__RequestVerificationToken", token)]));

        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(2, await scene.App.CountAsync("SELECT count(*) FROM outbox_messages WHERE state IN ('failed', 'ambiguous')"));
    }

    [Fact]
    public async Task Post_WithoutTheAntiforgeryToken_Is400AndChangesNothing()
    {
        await using var scene = await Scene.StartAsync(TestDatabase.Sqlite);
        using var client = scene.App.OrganiserClient(Ada);
        var id = await scene.IdOfAsync(Refused);

        var post = await client.PostAsync("/organise/outbox", new FormUrlEncodedContent([new("ids", id.ToString()), new("action", OutboxModelNames.SendAgain)]));

        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Equal(2, await scene.App.CountAsync("SELECT count(*) FROM outbox_messages WHERE state IN ('failed', 'ambiguous')"));
    }

    [Fact]
    public async Task Outbox_WithMoreThanAPage_PagesNewestFirst()
    {
        await using var app = await WebApp.StartAsync();
        using var client = app.OrganiserClient(Ada);
        var outbox = app.Services.GetRequiredService<OutboxStore>();
        for (var i = 0; i < Unmentoring.Web.Pages.Organise.OutboxModel.PageSize + 1; i++)
        {
            await outbox.EnqueueAsync(new OutboxMessage
            {
                IdempotencyKey = $"paging:{i}",
                Kind = EmailKind.ManageLink,
                RecipientAddress = $"p{i}@example.org",
                RecipientName = $"P {i}",
                Subject = "Your link",
                TextBody = "Hello",
            });
        }

        await ExecuteAsync(app, "UPDATE outbox_messages SET state = 'failed', last_reply = '550 no such user'");

        var (_, first) = await app.GetAsync("/organise/outbox", client);
        var (_, second) = await app.GetAsync("/organise/outbox?pageNumber=2", client);

        Assert.Equal(Unmentoring.Web.Pages.Organise.OutboxModel.PageSize, first.QuerySelectorAll("#problems tbody tr").Length);
        Assert.Contains("p50@example.org", first.QuerySelector("#problems tbody tr")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(first.QuerySelector("a[rel=next]"));
        Assert.Single(second.QuerySelectorAll("#problems tbody tr"));
        Assert.Contains("p0@example.org", second.QuerySelector("#problems tbody tr")!.TextContent, StringComparison.Ordinal);
    }

    private static async Task ExecuteAsync(WebApp app, string sql, params (string, object?)[] parameters)
    {
        await using var connection = await app.Database.Database.OpenAsync();
        await connection.ExecuteAsync(sql, null, default, parameters);
    }

    private static AngleSharp.Dom.IElement Row(IHtmlDocument page, string recipient) =>
        page.QuerySelectorAll("#problems tbody tr").Single(r => r.TextContent.Contains(recipient, StringComparison.Ordinal));

    /// <summary>The values of the page's two buttons.</summary>
    private static class OutboxModelNames
    {
        public const string SendAgain = Unmentoring.Web.Pages.Organise.OutboxModel.SendAgain;
        public const string MarkDelivered = Unmentoring.Web.Pages.Organise.OutboxModel.MarkDelivered;
    }

    /// <summary>
    /// Four people in a planned and sent November round; the loopback server refused person0's introduction
    /// (failed), dropped the connection after person1's data (ambiguous) and accepted the other two.
    /// </summary>
    private sealed class Scene : IAsyncDisposable
    {
        private Scene(WebApp app, LoopbackSmtpServer smtp)
        {
            App = app;
            Smtp = smtp;
        }

        public WebApp App { get; }

        public LoopbackSmtpServer Smtp { get; }

        public static async Task<Scene> StartAsync(string provider)
        {
            var smtp = await LoopbackSmtpServer.StartAsync();
            var app = await WebApp.StartAsync(provider, new Dictionary<string, string?>
            {
                ["Unmentoring:Smtp:Host"] = "127.0.0.1",
                ["Unmentoring:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Unmentoring:Smtp:Security"] = "None",
            });
            var scene = new Scene(app, smtp);
            await scene.AddPeopleAsync(4);
            await app.Services.GetRequiredService<Unmentoring.Rounds.RoundService>().RunAsync(Unmentoring.Rounds.Period.Parse("2026-11"), null, "test", default);
            smtp.Verdict = m => m.To.ToString().Contains(Refused, StringComparison.Ordinal) ? SmtpVerdict.Refuse
                : m.To.ToString().Contains(Dropped, StringComparison.Ordinal) ? SmtpVerdict.DropAfterData
                : SmtpVerdict.Accept;
            await scene.DispatchAsync();
            Assert.Equal(2, await app.CountAsync("SELECT count(*) FROM outbox_messages WHERE state IN ('failed', 'ambiguous')"));
            return scene;
        }

        /// <summary>One pass of the service's own dispatcher, over the host's transport (the loopback server).</summary>
        public Task DispatchAsync() => App.Services.GetRequiredService<OutboxDispatch>().RunOnceAsync(default);

        public int DeliveredTo(string email) =>
            Smtp.Received.Count(m => m.Verdict == SmtpVerdict.Accept && m.Message.To.ToString().Contains(email, StringComparison.Ordinal));

        public Task<long> IdOfAsync(string email) =>
            App.CountAsync("SELECT o.id FROM outbox_messages o JOIN participants p ON p.id = o.participant_id WHERE p.email = @email", ("email", email));

        private async Task AddPeopleAsync(int count)
        {
            var store = App.Services.GetRequiredService<ParticipantStore>();
            for (var i = 0; i < count; i++)
            {
                await store.AddAsync(new Participant
                {
                    PublicId = "",
                    Email = $"person{i}@org{i}.example",
                    Name = $"Person {i}",
                    Organisation = $"Organisation {i}",
                    Role = "Officer",
                    Status = ParticipantStatus.Active,
                    ConsentBasis = "form",
                    ConsentTextVersion = "test",
                    ConsentAt = DateTime.UtcNow,
                    ConfirmedAt = DateTime.UtcNow,
                });
            }
        }

        public async ValueTask DisposeAsync()
        {
            await App.DisposeAsync();
            await Smtp.DisposeAsync();
        }
    }
}
