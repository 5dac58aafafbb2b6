using System.Text.RegularExpressions;
using static Unmentoring.Tests.Deploy.DeployFiles;

namespace Unmentoring.Tests.Deploy;

/// <summary>deploy/unmentoring.env.example, the systemd unit's EnvironmentFile: every line it offers, set or commented out, is a real setting.</summary>
public sealed partial class EnvironmentExampleTests
{
    [Fact]
    public void EveryVariable_SetOrCommentedOut_IsASettingTheServiceAccepts()
    {
        var variables = File.ReadAllLines(PathOf("unmentoring.env.example"))
            .Select(line => Assignment().Match(line))
            .Where(m => m.Success)
            .ToDictionary(m => m.Groups["name"].Value, m => (string?)m.Groups["value"].Value);
        Assert.Contains("Unmentoring__PublicBaseUrl", variables.Keys);
        Assert.Contains("ConnectionStrings__Postgres", variables.Keys);
        ServiceSurface.AssertAccepted(variables);
    }

    [GeneratedRegex(@"^#?(?<name>[A-Za-z][A-Za-z0-9_]*__[A-Za-z0-9_]+)=(?<value>.*)$")]
    private static partial Regex Assignment();
}
