using System.Globalization;
using Unmentoring.Hosting;
using YamlDotNet.RepresentationModel;
using static Unmentoring.Tests.Deploy.DeployFiles;

namespace Unmentoring.Tests.Deploy;

/// <summary>deploy/kubernetes, read as the cluster would read it and compared with what the service offers.</summary>
public sealed class KubernetesManifestTests
{
    [Fact]
    public void Kustomization_ListsEveryManifest_AndEachParses()
    {
        var listed = KubernetesManifests();
        var onDisk = Directory.GetFiles(PathOf("kubernetes"), "*.yaml").Select(Path.GetFileName).Where(f => f != "kustomization.yaml");
        Assert.Equal(onDisk.Order(), listed.Keys.Order());
        Assert.All(listed, m => Assert.False(string.IsNullOrEmpty(Text(m.Value, "kind")), $"{m.Key} has no kind."));
        Assert.Equal(
            ["ConfigMap", "Deployment", "Job", "PodDisruptionBudget", "Service"],
            listed.Values.Select(m => Text(m, "kind")).Order());
    }

    [Fact]
    public void Deployment_TwoServeReplicas_ProbedOnTheHostsLiveAndReadyPaths_AtTheirListeningPort()
    {
        var deployment = Kind("Deployment");
        Assert.Equal("2", Text(deployment, "spec", "replicas"));
        var container = Container(deployment);
        var args = Strings(container, "args");
        Assert.Equal("serve", ServiceSurface.Verb(args));

        var listening = PortOf(UrlsOf(args));
        Assert.Equal(ProbePaths.Live, Text(container, "livenessProbe", "httpGet", "path"));
        Assert.Equal(ProbePaths.Ready, Text(container, "readinessProbe", "httpGet", "path"));
        Assert.Equal(listening, ContainerPort(container, Text(container, "livenessProbe", "httpGet", "port")));
        Assert.Equal(listening, ContainerPort(container, Text(container, "readinessProbe", "httpGet", "port")));

        var service = Kind("Service");
        var servicePort = Assert.Single(Sequence(service, "spec", "ports"));
        Assert.Equal(listening, ContainerPort(container, Text(servicePort, "targetPort")));
        Assert.Equal(PodLabels(deployment), Labels(Map(service, "spec", "selector")));
    }

    [Fact]
    public void MigrateJob_RunsTheExecutablesMigrateVerb_Once()
    {
        var job = Kind("Job");
        var container = Container(job);
        Assert.Equal("migrate", ServiceSurface.Verb(Strings(container, "args")));
        Assert.Equal("Never", Text(job, "spec", "template", "spec", "restartPolicy"));
        Assert.Equal(Text(Container(Kind("Deployment")), "image"), Text(container, "image"));
    }

    [Fact]
    public void GracePeriod_OutlastsThePreStopPauseAndTheHostsShutdownTimeout()
    {
        var pod = Map(Kind("Deployment"), "spec", "template", "spec");
        var grace = TimeSpan.FromSeconds(int.Parse(Text(pod, "terminationGracePeriodSeconds"), CultureInfo.InvariantCulture));
        var preStop = Find(Container(Kind("Deployment")), "lifecycle", "preStop", "sleep", "seconds") is YamlScalarNode seconds
            ? TimeSpan.FromSeconds(int.Parse(seconds.Value!, CultureInfo.InvariantCulture))
            : TimeSpan.Zero;
        var shutdown = ServiceSurface.ShutdownTimeout();
        Assert.True(grace > preStop + shutdown, $"terminationGracePeriodSeconds ({grace.TotalSeconds}) must be longer than the preStop pause ({preStop.TotalSeconds} s) plus the host's shutdown timeout ({shutdown.TotalSeconds} s).");
    }

    [Fact]
    public void PodDisruptionBudget_CoversTheServePods_AndLeavesOneRunning()
    {
        var budget = Kind("PodDisruptionBudget");
        var deployment = Kind("Deployment");
        Assert.Equal(PodLabels(deployment), Labels(Map(budget, "spec", "selector", "matchLabels")));
        var minimum = int.Parse(Text(budget, "spec", "minAvailable"), CultureInfo.InvariantCulture);
        Assert.InRange(minimum, 1, int.Parse(Text(deployment, "spec", "replicas"), CultureInfo.InvariantCulture) - 1);
    }

    [Fact]
    public void Environment_NamesOnlyRealSettings_AndSecretsOnlyByReference()
    {
        var settings = Map(Kind("ConfigMap"), "data").Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => ((YamlScalarNode)e.Value).Value);
        foreach (var workload in new[] { Kind("Deployment"), Kind("Job") })
        {
            var container = Container(workload);
            var environment = new Dictionary<string, string?>(settings);
            Assert.Contains(Sequence(container, "envFrom"), e => Text(e, "configMapRef", "name") == Text(Kind("ConfigMap"), "metadata", "name"));
            foreach (var variable in Sequence(container, "env"))
            {
                var name = Text(variable, "name");
                if (Find(variable, "valueFrom", "secretKeyRef") is YamlMappingNode secret)
                {
                    Assert.Equal("unmentoring", Text(secret, "name"));
                    environment[name] = null;
                }
                else
                {
                    Assert.False(IsSecret(name), $"{name} is a secret: take it from the Secret by secretKeyRef, not as a value.");
                    environment[name] = Text(variable, "value");
                }
            }

            Assert.DoesNotContain(settings.Keys, IsSecret);
            ServiceSurface.AssertAccepted(environment);
        }
    }

    [Fact]
    public void Pods_RunAsTheImagesNonRootUser()
    {
        var imageUser = DockerfileTests.FinalStage().Last("USER")!.Arguments;
        foreach (var workload in new[] { Kind("Deployment"), Kind("Job") })
        {
            var pod = Map(workload, "spec", "template", "spec");
            Assert.Equal("true", Text(pod, "securityContext", "runAsNonRoot"));
            Assert.Equal(imageUser, Text(pod, "securityContext", "runAsUser"));
            Assert.Equal("false", Text(Container(workload), "securityContext", "allowPrivilegeEscalation"));
        }
    }

    internal static bool IsSecret(string variable) =>
        variable.StartsWith("ConnectionStrings__", StringComparison.Ordinal) || variable.EndsWith("Password", StringComparison.Ordinal);

    private static YamlMappingNode Container(YamlMappingNode workload) =>
        Assert.IsType<YamlMappingNode>(Assert.Single(Sequence(workload, "spec", "template", "spec", "containers")));

    /// <summary>A probe's or a Service's port, by number or by the container port's name.</summary>
    private static int ContainerPort(YamlMappingNode container, string port)
    {
        if (int.TryParse(port, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        var named = Sequence(container, "ports").SingleOrDefault(p => Find(p, "name") is YamlScalarNode { Value: var name } && name == port);
        Assert.True(named is not null, $"No container port is named '{port}'.");
        return int.Parse(Text(named, "containerPort"), CultureInfo.InvariantCulture);
    }

    private static Dictionary<string, string> PodLabels(YamlMappingNode deployment)
    {
        var labels = Labels(Map(deployment, "spec", "template", "metadata", "labels"));
        Assert.Equal(labels, Labels(Map(deployment, "spec", "selector", "matchLabels")));
        return labels;
    }

    private static Dictionary<string, string> Labels(YamlMappingNode map) =>
        map.Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => ((YamlScalarNode)e.Value).Value!);
}
