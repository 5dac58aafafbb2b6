using System.Diagnostics;
using System.Text.RegularExpressions;
using Unmentoring.Tests.Support;
using static Unmentoring.Tests.Deploy.DeployFiles;

namespace Unmentoring.Tests.Deploy;

/// <summary>
/// The Dockerfile's steps run as a script outside Docker (no engine here): each stage's folders are laid
/// under a temp root, COPY copies, RUN runs in bash (apt-get steps are checked against the packages this
/// machine already has instead of run), then the final stage's ENTRYPOINT and CMD start the published
/// executable and its HEALTHCHECK command must succeed. It publishes the whole service ReadyToRun, minutes
/// of CPU, so it runs only when UNMENTORING_RUN_DOCKERFILE=1.
/// </summary>
public sealed partial class DockerfileStepsTests
{
    public const string EnvironmentVariable = "UNMENTORING_RUN_DOCKERFILE";

    [SkippableFact]
    public async Task Steps_RunOutsideDocker_PublishAnExecutableThatStartsAndPassesItsHealthCheck()
    {
        Skip.IfNot(Environment.GetEnvironmentVariable(EnvironmentVariable) == "1", $"Set {EnvironmentVariable}=1 to run the Dockerfile's steps (a ReadyToRun publish of the service).");
        var stages = Dockerfile();
        var root = Directory.CreateTempSubdirectory("unmentoring-dockerfile-").FullName;
        var folders = stages.SelectMany(s => s.Instructions)
            .Where(i => i.Keyword is "WORKDIR" or "VOLUME" || (i.Keyword == "COPY" && i.Flags.ContainsKey("from")))
            .Select(i => i.Arguments.Split(' ')[0])
            .Where(p => p.StartsWith('/'))
            .Distinct()
            .ToList();
        // Each stage is a file system of its own, as in Docker: its folders live under root/<stage>.
        string MapIn(string stageName, string text) => folders.Aggregate(text, (t, folder) => Regex.Replace(t, $@"(?<=^|[\s=""]){Regex.Escape(folder)}(?=$|[\s/""])", Path.Combine(root, stageName) + folder));
        var environment = new Dictionary<string, string?>();
        try
        {
            foreach (var stage in stages)
            {
                string Map(string text) => MapIn(stage.Name, text);
                var workdir = Path.Combine(root, stage.Name);
                Directory.CreateDirectory(workdir);
                foreach (var step in stage.Instructions)
                {
                    switch (step.Keyword)
                    {
                        case "WORKDIR":
                            workdir = Map(step.Arguments);
                            Directory.CreateDirectory(workdir);
                            break;
                        case "COPY" when step.Flags.TryGetValue("from", out var from):
                            CopyFolder(MapIn(from, step.Arguments.Split(' ')[0]), Path.Combine(workdir, step.Arguments.Split(' ')[1]));
                            break;
                        case "COPY":
                            await CopyRepositoryAsync(workdir);
                            break;
                        case "ENV":
                            var pair = step.Arguments.Split('=', 2);
                            environment[pair[0]] = Map(pair[1]);
                            break;
                        case "RUN" when step.Arguments.Contains("apt-get install", StringComparison.Ordinal):
                            var packages = AptPackages().Match(step.Arguments).Groups["packages"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                            // A package counts as there when dpkg has it or its command is on PATH (npm may come with Node.js).
                            var installed = await RunAsync("bash", ["-c", "for p in \"$@\"; do dpkg -s \"$p\" >/dev/null 2>&1 || command -v \"$p\" >/dev/null || { echo \"missing: $p\"; exit 1; }; done", "check", .. packages], root, environment);
                            Assert.True(installed.ExitCode == 0, $"Line {step.Line} installs {string.Join(' ', packages)}; this machine lacks some: {installed.Output}");
                            var rest = step.Arguments.Split("&&", StringSplitOptions.TrimEntries).Where(part => !part.Contains("apt-get", StringComparison.Ordinal) && !part.Contains("/var/lib/apt", StringComparison.Ordinal));
                            await RunStepAsync(Map(string.Join(" && ", rest.DefaultIfEmpty("true"))), workdir, environment, step.Line);
                            break;
                        case "RUN":
                            await RunStepAsync(Map(step.Arguments), workdir, environment, step.Line);
                            break;
                    }
                }
            }

            // The container's start: ENTRYPOINT + CMD, on a free port, and its health check against it.
            var final = stages[^1];
            string MapFinal(string text) => MapIn(final.Name, text);
            var port = LoopbackSmtpServer.FreePort();
            string OnPort(string word) => word.Replace("0.0.0.0:8080", $"127.0.0.1:{port}", StringComparison.Ordinal).Replace("127.0.0.1:8080", $"127.0.0.1:{port}", StringComparison.Ordinal);
            var command = final.Last("ENTRYPOINT")!.ExecForm().Concat(final.Last("CMD")!.ExecForm()).Select(w => OnPort(MapFinal(w))).ToList();
            var check = final.Last("HEALTHCHECK")!;
            var health = (check with { Arguments = check.Arguments[4..] }).ExecForm().Select(OnPort).ToList();
            var start = new ProcessStartInfo(command[0]) { WorkingDirectory = MapFinal(final.Last("WORKDIR")!.Arguments), RedirectStandardOutput = true, RedirectStandardError = true };
            command.Skip(1).ToList().ForEach(start.ArgumentList.Add);
            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }

            using var service = Process.Start(start)!;
            var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
            service.OutputDataReceived += (_, e) => log.Enqueue(e.Data ?? "");
            service.ErrorDataReceived += (_, e) => log.Enqueue(e.Data ?? "");
            service.BeginOutputReadLine();
            service.BeginErrorReadLine();
            try
            {
                var until = DateTime.UtcNow.AddSeconds(60);
                (int ExitCode, string Output) result;
                while ((result = await RunAsync(health[0], health.Skip(1).ToList(), root, environment)).ExitCode != 0)
                {
                    Assert.True(DateTime.UtcNow < until && !service.HasExited, $"The health check '{string.Join(' ', health)}' kept failing: {result.Output}\n{string.Join('\n', log.TakeLast(20))}");
                    await Task.Delay(500);
                }
            }
            finally
            {
                service.Kill(entireProcessTree: true);
                await service.WaitForExitAsync();
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task RunStepAsync(string script, string workdir, IReadOnlyDictionary<string, string?> environment, int line)
    {
        // Outside a container a step runs on the machine itself: refuse one that would remove anything but the temp root's.
        Assert.DoesNotMatch(@"rm -r\S* /(?!tmp/unmentoring-dockerfile-)", script);
        var result = await RunAsync("bash", ["-euo", "pipefail", "-c", script], workdir, environment);
        Assert.True(result.ExitCode == 0, $"Dockerfile line {line} failed ({result.ExitCode}): {script}\n{result.Output}");
    }

    /// <summary>The build context: the repository's tracked files (what a clean clone sends to docker build).</summary>
    private static async Task CopyRepositoryAsync(string into)
    {
        var repository = Path.GetDirectoryName(Folder)!;
        var files = await RunAsync("git", ["-C", repository, "ls-files", "--cached", "--others", "--exclude-standard"], repository, new Dictionary<string, string?>());
        Assert.Equal(0, files.ExitCode);
        foreach (var file in files.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var target = Path.Combine(into, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (File.Exists(Path.Combine(repository, file)))
            {
                File.Copy(Path.Combine(repository, file), target, overwrite: true);
            }
        }
    }

    private static void CopyFolder(string from, string into)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(into, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, IReadOnlyList<string> args, string workdir, IReadOnlyDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = workdir, RedirectStandardOutput = true, RedirectStandardError = true };
        args.ToList().ForEach(start.ArgumentList.Add);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, (await output + await error).Trim());
    }

    [GeneratedRegex(@"apt-get install(?: -\S+)* (?<packages>[a-z0-9 .+-]+?)(?= &&|$)")]
    private static partial Regex AptPackages();
}
