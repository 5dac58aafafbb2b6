using Unmentoring.Hosting;
using static Unmentoring.Tests.Deploy.DeployFiles;

namespace Unmentoring.Tests.Deploy;

/// <summary>Every path a deploy file asks the service is one the running host answers.</summary>
public sealed class ProbePathTests
{
    [Fact]
    public async Task EveryProbePathInTheDeployFiles_IsAnsweredByTheHost_With200()
    {
        var container = Sequence(Kind("Deployment"), "spec", "template", "spec", "containers")[0];
        var named = new Dictionary<string, string>
        {
            ["Dockerfile HEALTHCHECK"] = DockerfileTests.HealthCheckPath(),
            ["Kubernetes livenessProbe"] = Text(container, "livenessProbe", "httpGet", "path"),
            ["Kubernetes readinessProbe"] = Text(container, "readinessProbe", "httpGet", "path"),
        };
        Assert.Superset(new HashSet<string> { ProbePaths.Live, ProbePaths.Ready }, named.Values.ToHashSet());

        var answers = await ServiceSurface.AnswersAsync(named.Values);
        Assert.All(named, probe => Assert.True(
            answers[probe.Value] == System.Net.HttpStatusCode.OK,
            $"The {probe.Key} asks {probe.Value}, which the host answers with {(int)answers[probe.Value]} {answers[probe.Value]}."));
    }
}
