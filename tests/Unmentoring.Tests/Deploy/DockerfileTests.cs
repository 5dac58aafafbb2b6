using System.Globalization;
using System.Text.RegularExpressions;
using Unmentoring.Hosting;
using static Unmentoring.Tests.Deploy.DeployFiles;

namespace Unmentoring.Tests.Deploy;

/// <summary>
/// deploy/Dockerfile, parsed (no Docker engine runs here): the stages, the user, the health check and the
/// verb, compared with what the service offers.
/// </summary>
public sealed partial class DockerfileTests
{
    internal static Stage FinalStage() => Dockerfile()[^1];

    [Fact]
    public void Build_PublishesReadyToRunForLinuxX64_AndTheRuntimeStageCopiesWhatWasPublished()
    {
        var stages = Dockerfile();
        Assert.True(stages.Count >= 2, "The image should be built in one stage and run from another, without the SDK.");
        var build = stages[0];
        Assert.Contains("/dotnet/sdk:10.0", build.BaseImage, StringComparison.Ordinal);
        Assert.Contains("/dotnet/aspnet:10.0", FinalStage().BaseImage, StringComparison.Ordinal);

        var publish = Assert.Single(build.All("RUN"), r => r.Arguments.Contains("dotnet publish", StringComparison.Ordinal));
        Assert.Contains("src/Unmentoring ", publish.Arguments, StringComparison.Ordinal);
        Assert.Contains("-c Release", publish.Arguments, StringComparison.Ordinal);
        Assert.Contains("-r linux-x64", publish.Arguments, StringComparison.Ordinal);
        var output = PublishOutput().Match(publish.Arguments).Groups["dir"].Value;

        var copy = Assert.Single(FinalStage().All("COPY"), c => c.Flags.ContainsKey("from"));
        Assert.Equal(build.Name, copy.Flags["from"]);
        Assert.Equal(output, copy.Arguments.Split(' ')[0]);
        Assert.Equal(".", copy.Arguments.Split(' ')[1]);
    }

    [Fact]
    public void Runtime_RunsAsANonRootUser_WithTimeZoneData_AndADataFolderItOwns()
    {
        var runtime = FinalStage();
        var user = runtime.Last("USER")!.Arguments;
        Assert.True(int.TryParse(user, CultureInfo.InvariantCulture, out var uid) && uid > 0, $"USER should be a non-root user by number (Kubernetes' runAsNonRoot checks it), not '{user}'.");

        var installs = string.Join(' ', runtime.All("RUN").Select(r => r.Arguments));
        Assert.Matches(@"apt-get install [^&]*\btzdata\b", installs);

        var dataFolder = Assert.Single(runtime.All("ENV"), e => e.Arguments.StartsWith("Unmentoring__DataDirectory=", StringComparison.Ordinal)).Arguments.Split('=')[1];
        Assert.Contains($"chown {uid}:{uid} {dataFolder}", installs, StringComparison.Ordinal);
        Assert.Equal(dataFolder, runtime.Last("VOLUME")!.Arguments);
        ServiceSurface.AssertAccepted(new Dictionary<string, string?> { ["Unmentoring__DataDirectory"] = dataFolder });
    }

    [Fact]
    public void Entrypoint_IsTheServiceExecutable_AndItsDefaultCommandIsServeOnTheExposedPort()
    {
        var runtime = FinalStage();
        var entrypoint = runtime.Last("ENTRYPOINT")!.ExecForm();
        Assert.Equal($"{runtime.Last("WORKDIR")!.Arguments}/{ServiceSurface.ExecutableName}", Assert.Single(entrypoint));

        var command = runtime.Last("CMD")!.ExecForm();
        Assert.Equal("serve", ServiceSurface.Verb(command));
        Assert.Equal(PortOf(UrlsOf(command)).ToString(CultureInfo.InvariantCulture), runtime.Last("EXPOSE")!.Arguments);
    }

    [Fact]
    public void HealthCheck_AsksTheLivePath_OnTheListeningPort_WithAProgramTheImageInstalls()
    {
        var runtime = FinalStage();
        var check = runtime.Last("HEALTHCHECK")!;
        Assert.StartsWith("CMD ", check.Arguments, StringComparison.Ordinal);
        var words = (check with { Arguments = check.Arguments[4..] }).ExecForm();
        var url = new Uri(Assert.Single(words, w => w.StartsWith("http://", StringComparison.Ordinal)));
        Assert.Equal(ProbePaths.Live, url.AbsolutePath);
        Assert.Equal(PortOf(UrlsOf(runtime.Last("CMD")!.ExecForm())), url.Port);
        Assert.Contains("--fail", words);

        var installs = string.Join(' ', runtime.All("RUN").Select(r => r.Arguments));
        Assert.Matches($@"apt-get install [^&]*\b{Regex.Escape(words[0])}\b", installs);
    }

    internal static string HealthCheckPath()
    {
        var check = FinalStage().Last("HEALTHCHECK")!;
        return new Uri((check with { Arguments = check.Arguments[4..] }).ExecForm().Single(w => w.StartsWith("http://", StringComparison.Ordinal))).AbsolutePath;
    }

    [GeneratedRegex(@"-o (?<dir>\S+)")]
    private static partial Regex PublishOutput();
}
