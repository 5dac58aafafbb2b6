using System.Diagnostics;
using System.Globalization;
using Unmentoring.Cli;
using Unmentoring.Tests.Support;
using static Unmentoring.Tests.Deploy.DeployFiles;

namespace Unmentoring.Tests.Deploy;

/// <summary>deploy/unmentoring.service: systemd's own verifier on it, and its command and timeouts against the service.</summary>
public sealed class SystemdUnitTests
{
    private static readonly ILookup<(string Section, string Key), string> Unit = SystemdUnit();

    [Fact]
    public void Unit_IsTypeNotify_AndTheServiceTellsSystemd()
    {
        Assert.Equal("notify", Assert.Single(Unit[("Service", "Type")]));

        // Type=notify waits for READY=1, which only the Systemd hosting integration sends (AddSystemd in UnmentoringHost).
        Assert.Contains(typeof(CliApp).Assembly.GetReferencedAssemblies(), a => a.Name == "Microsoft.Extensions.Hosting.Systemd");
    }

    [Fact]
    public void ExecStart_RunsServe_OnTheExecutable()
    {
        var words = Assert.Single(Unit[("Service", "ExecStart")]).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ServiceSurface.ExecutableName, Path.GetFileName(words[0]));
        Assert.Equal("serve", ServiceSurface.Verb(words[1..]));
    }

    [Fact]
    public void TimeoutStopSec_OutlastsTheHostsShutdownTimeout()
    {
        var stop = TimeSpan.FromSeconds(int.Parse(Assert.Single(Unit[("Service", "TimeoutStopSec")]), CultureInfo.InvariantCulture));
        Assert.True(stop > ServiceSurface.ShutdownTimeout(), $"TimeoutStopSec ({stop.TotalSeconds}) must be longer than the host's shutdown timeout ({ServiceSurface.ShutdownTimeout().TotalSeconds} s).");
    }

    /// <summary>
    /// systemd-analyze verify, on a copy whose ExecStart names the executable built beside the tests (the
    /// verifier refuses a program that does not exist). It exits 0 even for unknown keys and bad values, so
    /// any complaint it prints fails the test. Skipped where systemd-analyze is missing, except under
    /// CI=true: this machine's image ships systemd, so there a missing verifier is a broken machine.
    /// </summary>
    [SkippableFact]
    public async Task SystemdAnalyzeVerify_FindsNothingWrong()
    {
        var analyze = new[] { "/usr/bin/systemd-analyze", "/bin/systemd-analyze" }.FirstOrDefault(File.Exists);
        Skip.If(analyze is null && !PostgresServer.InCi, "systemd-analyze is not installed (apt-get install systemd), so the unit was not verified.");
        Assert.True(analyze is not null, "systemd-analyze is missing under CI=true; the dotnet machine image ships it (package systemd).");

        var built = Path.Combine(AppContext.BaseDirectory, ServiceSurface.ExecutableName);
        Assert.True(File.Exists(built), $"The service's executable was not built beside the tests: {built}");
        var folder = Directory.CreateTempSubdirectory("unmentoring-unit-").FullName;
        try
        {
            var unit = Path.Combine(folder, "unmentoring.service");
            var text = await File.ReadAllTextAsync(PathOf("unmentoring.service"));
            await File.WriteAllTextAsync(unit, text.Replace("ExecStart=/opt/unmentoring/unmentoring ", $"ExecStart={built} ", StringComparison.Ordinal));

            var start = new ProcessStartInfo(analyze!) { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("verify");
            start.ArgumentList.Add(unit);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var said = (await output + await error).Trim();
            Assert.True(process.ExitCode == 0 && said.Length == 0, $"systemd-analyze verify exited {process.ExitCode}: {said}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
