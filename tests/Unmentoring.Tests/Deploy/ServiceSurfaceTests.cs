namespace Unmentoring.Tests.Deploy;

/// <summary>The checks the deploy files go through can fail: a wrong name, value or verb is caught.</summary>
public sealed class ServiceSurfaceTests
{
    [Theory]
    [InlineData("Unmentoring__Smpt__Host", "smtp.example.org")]
    [InlineData("Unmentoring__Smtp__Hots", "smtp.example.org")]
    [InlineData("Unmentoring__Smtp__Port", "seventy")]
    [InlineData("Unmentoring__PublicBaseUrl", "not an address")]
    [InlineData("ConnectionStrings__Postgre", "Host=db")]
    [InlineData("UNMENTORING_SMTP_HOST", "smtp.example.org")]
    [InlineData("Logging__Console__FormatterName", "xml")]
    public void EnvironmentProblems_AVariableTheServiceDoesNotTakeOrRefuses_IsNamed(string variable, string value)
    {
        var problems = ServiceSurface.EnvironmentProblems(new Dictionary<string, string?> { [variable] = value });
        Assert.NotEmpty(problems);
    }

    [Fact]
    public void EnvironmentProblems_RealSettingsAndFrameworkVariables_AreAccepted()
    {
        ServiceSurface.AssertAccepted(new Dictionary<string, string?>
        {
            ["Unmentoring__Smtp__Host"] = "smtp.example.org",
            ["Unmentoring__Roles__Scheduler"] = "false",
            ["Unmentoring__Mail__AllowedRecipientDomains__0"] = "example.org",
            ["ConnectionStrings__Postgres"] = null,
            ["Logging__Console__FormatterName"] = "json",
        });
    }

    [Theory]
    [InlineData("migrate", "--force")]
    [InlineData("migrat")]
    [InlineData("serve", "--url", "http://0.0.0.0:8080")]
    public void Verb_WordsTheExecutableRefuses_Fail(params string[] args) =>
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => ServiceSurface.Verb(args));

    [Fact]
    public void Verb_NamesTheVerbTheWordsRun() =>
        Assert.Equal("round replay", ServiceSurface.Verb(["round", "replay", "2026-12"]));
}
