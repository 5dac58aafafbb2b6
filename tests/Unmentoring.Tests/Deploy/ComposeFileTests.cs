using System.Globalization;
using YamlDotNet.RepresentationModel;
using static Unmentoring.Tests.Deploy.DeployFiles;

namespace Unmentoring.Tests.Deploy;

/// <summary>deploy/compose.yaml, read as Compose would read it and compared with what the service offers.</summary>
public sealed class ComposeFileTests
{
    private static readonly YamlMappingNode Compose = Yaml("compose.yaml");

    [Fact]
    public void Services_PostgreSql15_AMailCatcher_OneShotMigrate_TwoServeReplicas()
    {
        Assert.Equal(["db", "mail", "migrate", "serve"], Map(Compose, "services").Children.Keys.Select(k => ((YamlScalarNode)k).Value!).Order());
        Assert.Equal("postgres:15", Text(Service("db"), "image"));
        Assert.StartsWith("axllent/mailpit:", Text(Service("mail"), "image"), StringComparison.Ordinal);

        Assert.Equal("migrate", ServiceSurface.Verb(Strings(Service("migrate"), "command")));
        Assert.Equal("service_healthy", Text(Service("migrate"), "depends_on", "db", "condition"));

        var serve = Service("serve");
        Assert.Equal("serve", ServiceSurface.Verb(Strings(serve, "command")));
        Assert.Equal("2", Text(serve, "deploy", "replicas"));
        Assert.Equal("service_completed_successfully", Text(serve, "depends_on", "migrate", "condition"));
        Assert.Equal(Text(Service("migrate"), "image"), Text(serve, "image"));
    }

    [Fact]
    public void Serve_PublishesThePortItListensOn_AndTheImageExposes()
    {
        var serve = Service("serve");
        var listening = PortOf(UrlsOf(Strings(serve, "command")));
        var published = Assert.Single(Strings(serve, "ports"));
        Assert.Equal(listening, int.Parse(published.Split(':')[^1], CultureInfo.InvariantCulture));
        Assert.Equal(listening.ToString(CultureInfo.InvariantCulture), DockerfileTests.FinalStage().Last("EXPOSE")!.Arguments);
    }

    [Fact]
    public void Environment_NamesOnlyRealSettings_AndPointsMailAtTheCatcher()
    {
        foreach (var name in new[] { "migrate", "serve" })
        {
            var environment = Map(Service(name), "environment").Children.ToDictionary(
                e => ((YamlScalarNode)e.Key).Value!,
                e => (string?)Interpolate(((YamlScalarNode)e.Value).Value ?? ""));
            ServiceSurface.AssertAccepted(environment);
            Assert.Equal("mail", environment["Unmentoring__Smtp__Host"]);
            Assert.Contains("Host=db;", environment["ConnectionStrings__Postgres"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void StopGracePeriod_OutlastsTheHostsShutdownTimeout()
    {
        var text = Text(Service("serve"), "stop_grace_period");
        Assert.EndsWith("s", text, StringComparison.Ordinal);
        var grace = TimeSpan.FromSeconds(int.Parse(text[..^1], CultureInfo.InvariantCulture));
        Assert.True(grace > ServiceSurface.ShutdownTimeout(), $"stop_grace_period ({text}) must be longer than the host's shutdown timeout ({ServiceSurface.ShutdownTimeout()}).");
    }

    private static YamlMappingNode Service(string name) => Map(Compose, "services", name);
}
