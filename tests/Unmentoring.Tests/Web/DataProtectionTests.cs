using Microsoft.Extensions.DependencyInjection;
using Unmentoring.Cli;
using Unmentoring.Hosting;
using Unmentoring.Participants;
using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Web;

/// <summary>Instances share the Data Protection key ring: through PostgreSQL, or the data folder beside the SQLite file.</summary>
public sealed class DataProtectionTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Keys_AreKeptWithTheData_SoAnotherInstanceReadsTheLinksThisOneSigned(string provider)
    {
        await using var app = await WebApp.StartAsync(provider);
        var url = app.Services.GetRequiredService<ParticipantLinks>().ManageUrl("public-id-1");
        if (provider == TestDatabase.Postgres)
        {
            Assert.True(await app.CountAsync("SELECT count(*) FROM data_protection_keys") >= 1);
        }
        else
        {
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(app.Database.DataDirectory, "keys"), "*.xml"));
        }

        var settings = app.Database.Settings;
        settings["Unmentoring:PublicBaseUrl"] = "https://unmentoring.test";
        using var other = UnmentoringHost.Build(new CliContext(TextWriter.Null, TextWriter.Null, settings, app.Time));
        var token = url[(url.LastIndexOf('/') + 1)..];

        Assert.True(other.Services.GetRequiredService<ParticipantLinks>().TryReadManageToken(token, out var publicId));
        Assert.Equal("public-id-1", publicId);
    }
}
