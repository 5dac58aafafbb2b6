using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Unmentoring.Cli;
using Unmentoring.Hosting;
using Unmentoring.Participants;

namespace Unmentoring.Tests.Web;

/// <summary>Instances behind a load balancer share the Data Protection key ring through the database.</summary>
public sealed class DataProtectionTests
{
    [Fact]
    public async Task Keys_AreKeptInTheDatabase_SoAnotherInstanceReadsTheLinksThisOneSigned()
    {
        await using var app = await WebApp.StartAsync();
        var url = app.Services.GetRequiredService<ParticipantLinks>().ManageUrl("public-id-1");
        Assert.True(await app.CountAsync("SELECT count(*) FROM data_protection_keys") >= 1);

        var settings = app.Database.Settings;
        settings["Unmentoring:PublicBaseUrl"] = "https://unmentoring.test";
        using var other = UnmentoringHost.Build(new CliContext(TextWriter.Null, TextWriter.Null, settings, app.Time));
        var token = url[(url.LastIndexOf('/') + 1)..];

        Assert.True(other.Services.GetRequiredService<ParticipantLinks>().TryReadManageToken(token, out var publicId));
        Assert.Equal("public-id-1", publicId);
    }
}
