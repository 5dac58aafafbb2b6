using System.Net;
using System.Text;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using Unmentoring.Organisers;
using Unmentoring.Participants;
using Unmentoring.Tests.Web;

namespace Unmentoring.Tests.Organisers;

/// <summary>The CSV import and export from the participants page: the command's own code, through the host.</summary>
public sealed class ParticipantsImportPageTests
{
    private const string Ada = "ada@council.example.gov.uk";

    [Fact]
    public async Task Import_AGoodFile_AddsEveryone_AuditedWithTheOrganiser()
    {
        await using var app = await WebApp.StartAsync();
        await ParticipantPeople.AddAsync(app, "Grace Hopper", "grace@leeds.example", "Leeds");
        using var client = app.OrganiserClient(Ada);
        const string file =
            "email,name,organisation,phone,cadence\r\n" +
            "ada@camden.example,Ada Lovelace,Camden Council,'+44 20 7946 0000,quarterly\r\n" +
            "GRACE@leeds.example,Grace Again,,,\r\n";

        var (response, page) = await UploadAsync(app, client, "people.csv", file);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Imported 1 person; 1 already signed up.", page.GetElementById("imported")!.TextContent.Trim());
        Assert.Equal("people.csv line 3: GRACE@leeds.example has already signed up; left as they are.", page.QuerySelector("#already li")!.TextContent.Trim());
        var ada = (await app.Services.GetRequiredService<ParticipantStore>().FindByEmailAsync("ada@camden.example"))!;
        Assert.Equal((ParticipantStatus.Active, Cadence.Quarterly, ParticipantImport.ConsentBasis, "+44 20 7946 0000"), (ada.Status, ada.Cadence, ada.ConsentBasis, ada.Phone));
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM audit_log WHERE actor = @a AND action = 'participants.imported' AND subject = 'people.csv'", ("a", Ada)));
    }

    [Fact]
    public async Task Import_AFileWithProblems_ImportsNothingAndNamesEachLineAsTheCommandDoes()
    {
        await using var app = await WebApp.StartAsync();
        using var client = app.OrganiserClient(Ada);
        const string file =
            "email,name,cadence\n" +
            "good@one.example,Good Person,monthly\n" +
            "not-an-address,No At,monthly\n" +
            "weekly@two.example,Too Often,weekly\n";

        var (response, page) = await UploadAsync(app, client, "../list.csv", file);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var summary = page.QuerySelector(".govuk-error-summary a")!;
        Assert.Equal("#file", summary.GetAttribute("href"));
        Assert.Equal("2 rows have problems; nothing was imported. Fix the file and import it again", summary.TextContent.Trim());
        Assert.Equal(
            [
                "list.csv line 3: 'not-an-address' is not an email address (like name@example.org).",
                "list.csv line 4: the cadence 'weekly' must be monthly, 2-monthly or quarterly.",
            ],
            page.QuerySelectorAll("#problems li").Select(li => li.TextContent.Trim()).ToList());
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM participants"));
    }

    [Theory]
    [InlineData("people.csv", "", "Select a CSV file to import")]
    [InlineData("people.xlsx", "email,name\n", "The selected file must be a CSV file")]
    [InlineData("people.csv", "name,organisation\nAda,Camden\n", "The file could not be read; nothing was imported. Fix the file and import it again")]
    public async Task Import_NoFileOrNotACsvOrUnreadable_IsRefusedWithTheErrorSummary(string name, string content, string message)
    {
        await using var app = await WebApp.StartAsync();
        using var client = app.OrganiserClient(Ada);

        var (response, page) = await UploadAsync(app, client, name, content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(message, page.QuerySelector(".govuk-error-summary a")!.TextContent.Trim());
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM participants"));
    }

    [Fact]
    public async Task Import_AListLargerThanAnyForm_IsTaken()
    {
        await using var app = await WebApp.StartAsync();
        using var client = app.OrganiserClient(Ada);
        var file = new StringBuilder("email,name,intro\n");
        for (var i = 0; i < 400; i++)
        {
            file.Append(FormattableString.Invariant($"person{i}@org{i}.example,Person {i},{new string('x', 200)}\n"));
        }

        Assert.True(file.Length > 64 * 1024);
        var (response, page) = await UploadAsync(app, client, "big.csv", file.ToString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Imported 400 people; 0 already signed up.", page.GetElementById("imported")!.TextContent.Trim());
    }

    [Fact]
    public async Task Import_WithoutASessionAsAViewerOrWithoutTheAntiforgeryToken_IsRefused()
    {
        await using var app = await WebApp.StartAsync();
        using var organiser = app.OrganiserClient(Ada);
        using var viewer = app.OrganiserClient("viewer@council.example.gov.uk", OrganiserRoles.Viewer);
        var (_, form) = await app.GetAsync(ParticipantsImportPath, organiser);
        var token = form.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync(ParticipantsImportPath)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client.PostAsync(ParticipantsImportPath, Upload("people.csv", "email,name\na@b.example,A\n", token))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync(ParticipantsImportPath, Upload("people.csv", "email,name\na@b.example,A\n", token))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await organiser.PostAsync(ParticipantsImportPath, Upload("people.csv", "email,name\na@b.example,A\n", null))).StatusCode);
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM participants"));
    }

    [Fact]
    public async Task Export_IsTheFileTheCommandWrites_WithFormulasGuarded()
    {
        await using var app = await WebApp.StartAsync();
        await ParticipantPeople.AddAsync(app, "Ada Lovelace", "ada@camden.example", "Camden Council", phone: "+44 20 7946 0000");
        await ParticipantPeople.AddAsync(app, "=cmd", "eve@evil.example", "@SUM(1)");
        await ParticipantPeople.AddAsync(app, "Left Person", "left@gone.example", "Gone", ParticipantStatus.Unsubscribed);
        using var viewer = app.OrganiserClient(Ada, OrganiserRoles.Viewer);

        var response = await viewer.GetAsync("/organise/participants?handler=Export");

        Assert.True(response.StatusCode == HttpStatusCode.OK, string.Join("\n", app.Errors.Entries));
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("participants.csv", response.Content.Headers.ContentDisposition!.FileName?.Trim('"'));
        var body = await response.Content.ReadAsByteArrayAsync();
        var command = new StringWriter();
        await app.Services.GetRequiredService<ParticipantImport>().ExportAsync(command, default);
        Assert.Equal(Encoding.UTF8.GetBytes(command.ToString()), body);
        var text = Encoding.UTF8.GetString(body);
        Assert.Contains("'+44 20 7946 0000", text, StringComparison.Ordinal);
        Assert.Contains("'=cmd", text, StringComparison.Ordinal);
        Assert.Contains("'@SUM(1)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("left@gone.example", text, StringComparison.Ordinal);
    }

    private const string ParticipantsImportPath = "/organise/participants/import";

    /// <summary>Opens the import page and sends <paramref name="content"/> as the file <paramref name="name"/>, as a browser's form does.</summary>
    private static async Task<(HttpResponseMessage Response, IHtmlDocument Page)> UploadAsync(WebApp app, HttpClient client, string name, string content)
    {
        var (_, form) = await app.GetAsync(ParticipantsImportPath, client);
        var token = form.QuerySelector("#import-form input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        var response = await client.PostAsync(ParticipantsImportPath, Upload(name, content, token));
        return (response, await WebApp.ParseAsync(response));
    }

    private static MultipartFormDataContent Upload(string name, string content, string? token)
    {
        var form = new MultipartFormDataContent();
        if (token is not null)
        {
            form.Add(new StringContent(token), "__RequestVerificationToken");
        }

        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(content)), "file", name);
        return form;
    }
}
