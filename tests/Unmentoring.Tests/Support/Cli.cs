using Unmentoring.Cli;

namespace Unmentoring.Tests.Support;

/// <summary>Runs a verb in-process, as the executable would, against the given settings.</summary>
internal static class Cli
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static async Task<Result> RunAsync(IReadOnlyDictionary<string, string?> settings, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(args, new CliContext(output, error, settings, TimeProvider.System), default);
        return new Result(code, output.ToString(), error.ToString());
    }
}
