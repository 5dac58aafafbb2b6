using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Unmentoring.Cli;
using Unmentoring.Hosting;
using Unmentoring.Participants;
using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Web;

/// <summary>
/// Instances share what signs and protects: the Data Protection key ring (antiforgery, the sign-up form's
/// stamp) through PostgreSQL or the data folder beside the SQLite file, and the link-signing key through the
/// database.
/// </summary>
public sealed class DataProtectionTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Keys_AreKeptWithTheData_SoAnotherInstanceReadsWhatThisOneSignedAndProtected(string provider)
    {
        const string PublicId = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
        await using var app = await WebApp.StartAsync(provider);
        var url = app.Services.GetRequiredService<ParticipantLinks>().ManageUrl(PublicId);
        var protectedText = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("hello");
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
        Assert.Equal(PublicId, publicId);
        Assert.Equal("hello", other.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(protectedText));
    }
}
