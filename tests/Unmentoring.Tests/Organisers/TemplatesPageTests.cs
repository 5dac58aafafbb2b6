using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Unmentoring.Hosting;
using Unmentoring.Mail;
using Unmentoring.Organisers;
using Unmentoring.Tests.Web;
using Unmentoring.Web;

namespace Unmentoring.Tests.Organisers;

/// <summary>/organise/templates through the host: every kind of email from the real composer, its framed HTML, and a test sent to oneself.</summary>
public sealed class TemplatesPageTests
{
    private const string Ada = "ada@council.example.gov.uk";

    public static TheoryData<string> KindsWithTemplates => [.. EmailModel.Types.Keys.Select(k => k.ToCode())];

    [Fact]
    public void EveryKindWithTemplates_HasASample()
    {
        Assert.All(EmailModel.Types.Keys, kind => Assert.True(TemplateSamples.HasSample(kind), $"{kind} has templates but no sample on the templates page: add one to TemplateSamples."));
    }

    [Fact]
    public async Task Templates_ListsEveryKindOfEmail()
    {
        await using var app = await WebApp.StartAsync();
        using var client = app.OrganiserClient(Ada, OrganiserRoles.Viewer);

        var (response, page) = await app.GetAsync("/organise/templates", client);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = page.QuerySelectorAll("#kinds tbody tr");
        Assert.Equal(Enum.GetValues<EmailKind>().Length, rows.Length);
        foreach (var kind in EmailModel.Types.Keys)
        {
            Assert.Contains(page.QuerySelectorAll("#kinds a"), a => a.GetAttribute("href") == $"/organise/templates/{kind.ToCode()}");
        }
    }

    [Theory]
    [MemberData(nameof(KindsWithTemplates))]
    public async Task Template_ShowsTheSubjectTheTextAndTheHtmlInASandboxedFrame(string kind)
    {
        await using var app = await WebApp.StartAsync();
        using var client = app.OrganiserClient(Ada, OrganiserRoles.Viewer, "Ada Lovelace");

        var (response, page) = await app.GetAsync($"/organise/templates/{kind}", client);
        var frame = page.GetElementById("html")!;
        var html = await client.GetAsync(frame.GetAttribute("src"));
        var body = await html.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(WebServices.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.False(string.IsNullOrWhiteSpace(page.GetElementById("subject")!.TextContent));
        Assert.Contains("Ada Lovelace", page.GetElementById("text")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("", frame.GetAttribute("sandbox"));
        Assert.False(string.IsNullOrEmpty(frame.GetAttribute("title")));
        Assert.Empty(page.QuerySelectorAll("script:not([src])"));

        Assert.Equal(HttpStatusCode.OK, html.StatusCode);
        Assert.Equal("text/html", html.Content.Headers.ContentType!.MediaType);
        var policy = html.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'self'", policy, StringComparison.Ordinal);
        Assert.EndsWith("sandbox", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("script", policy, StringComparison.Ordinal);
        Assert.Equal("SAMEORIGIN", html.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("Ada Lovelace", body, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", body, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/organise/templates/noSuchKind")]
    [InlineData("/organise/templates/noSuchKind/html")]
    public async Task Template_OfAKindWithoutTemplates_Is404(string path)
    {
        await using var app = await WebApp.StartAsync();
        using var client = app.OrganiserClient(Ada);

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Template_FromTheSchemesOwnTemplateDirectory_IsWhatIsShown()
    {
        var own = Directory.CreateTempSubdirectory("unmentoring-templates-");
        try
        {
            foreach (var file in Directory.GetFiles(EmailTemplates.DefaultDirectory))
            {
                File.Copy(file, Path.Combine(own.FullName, Path.GetFileName(file)));
            }

            File.WriteAllText(Path.Combine(own.FullName, "introduction.subject.txt"), "Our own {{ month }} subject");
            await using var app = await WebApp.StartAsync(settings: new Dictionary<string, string?> { ["Unmentoring:Mail:TemplateDirectory"] = own.FullName });
            using var client = app.OrganiserClient(Ada);

            var (_, list) = await app.GetAsync("/organise/templates", client);
            var (_, page) = await app.GetAsync("/organise/templates/introduction", client);

            Assert.Contains("your scheme's own templates", list.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
            Assert.StartsWith("Our own ", page.GetElementById("subject")!.TextContent.Trim(), StringComparison.Ordinal);
            Assert.EndsWith(" subject", page.GetElementById("subject")!.TextContent.Trim(), StringComparison.Ordinal);
        }
        finally
        {
            own.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task SendTest_QueuesTheSampleToMeThroughTheOutboxAndThePickupFolder()
    {
        await using var app = await WebApp.StartAsync();
        using var client = app.OrganiserClient(Ada);
        var (_, page) = await app.GetAsync("/organise/templates/introduction", client);

        var (response, _) = await app.SubmitAsync(page, [], "#send-test-form", client);

        Assert.Equal("/organise/templates/introduction?done=sent", response.Headers.Location!.OriginalString);
        Assert.Equal(1, await app.CountAsync(
            "SELECT count(*) FROM outbox_messages WHERE kind = 'introduction' AND recipient LIKE @to AND subject LIKE 'Test: %' AND participant_id IS NULL AND round_id IS NULL AND state = 'pending'",
            ("to", "%" + Ada + "%")));
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM audit_log WHERE actor = @a AND action = 'template.test-sent'", ("a", Ada)));

        // Sent by the service's own dispatcher, as every email is: on the embedded defaults, into the pickup folder.
        await app.Services.GetRequiredService<OutboxDispatch>().RunOnceAsync(default);
        var pickup = Path.Combine(
            app.Services.GetRequiredService<IOptions<UnmentoringOptions>>().Value.DataPath,
            app.Services.GetRequiredService<IOptions<MailOptions>>().Value.PickupDirectory);
        var written = Assert.Single(Directory.GetFiles(pickup, "*.eml"));
        using var message = MimeKit.MimeMessage.Load(written);
        Assert.Equal(Ada, message.To.Mailboxes.Single().Address);
        Assert.StartsWith("Test: ", message.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendTest_MoreOftenThanTheLimit_IsRefusedUntilTheWindowHasPassed()
    {
        await using var app = await WebApp.StartAsync();
        using var client = app.OrganiserClient(Ada);
        var (_, page) = await app.GetAsync("/organise/templates/satOut", client);
        for (var i = 0; i < TemplateTestEmails.PerWindow; i++)
        {
            app.Time.Advance(TimeSpan.FromSeconds(1));
            var (sent, _) = await app.SubmitAsync(page, [], "#send-test-form", client);
            Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        }

        app.Time.Advance(TimeSpan.FromSeconds(1));
        var (refused, shown) = await app.SubmitAsync(page, [], "#send-test-form", client);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("Wait a few minutes", shown.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("#send-test", shown.QuerySelector(".govuk-error-summary a")!.GetAttribute("href"));
        Assert.Equal(TemplateTestEmails.PerWindow, await app.CountAsync("SELECT count(*) FROM outbox_messages"));

        app.Time.Advance(TemplateTestEmails.Window);
        var (later, _) = await app.SubmitAsync(page, [], "#send-test-form", client);
        Assert.Equal(HttpStatusCode.Redirect, later.StatusCode);
    }

    [Fact]
    public async Task SendTest_PressedTwiceInTheSameSecond_QueuesOne()
    {
        await using var app = await WebApp.StartAsync();
        using var client = app.OrganiserClient(Ada);
        var (_, page) = await app.GetAsync("/organise/templates/manageLink", client);

        await app.SubmitAsync(page, [], "#send-test-form", client);
        await app.SubmitAsync(page, [], "#send-test-form", client);

        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM outbox_messages"));
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM audit_log WHERE action = 'template.test-sent'"));
    }

    [Fact]
    public async Task SendTest_FromAViewer_Is403AndTheButtonIsNotShown()
    {
        await using var app = await WebApp.StartAsync();
        using var organiser = app.OrganiserClient(Ada);
        using var viewer = app.OrganiserClient("bob@council.example.gov.uk", OrganiserRoles.Viewer);
        var (_, organiserPage) = await app.GetAsync("/organise/templates/introduction", organiser);
        var (_, viewerPage) = await app.GetAsync("/organise/templates/introduction", viewer);
        var token = organiserPage.QuerySelector("#send-test-form input[name='__RequestVerificationToken']")!.GetAttribute("value")!;

        var post = await viewer.PostAsync("/organise/templates/introduction", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));

        Assert.Null(viewerPage.GetElementById("send-test-form"));
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM outbox_messages"));
    }

    [Fact]
    public async Task SendTest_WithoutTheAntiforgeryToken_Is400()
    {
        await using var app = await WebApp.StartAsync();
        using var client = app.OrganiserClient(Ada);

        var post = await client.PostAsync("/organise/templates/introduction", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM outbox_messages"));
    }
}
