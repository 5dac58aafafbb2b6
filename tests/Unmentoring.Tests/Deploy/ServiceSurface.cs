using System.CommandLine;
using System.Net;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Unmentoring.Cli;
using Unmentoring.Hosting;
using Unmentoring.Tests.Web;

namespace Unmentoring.Tests.Deploy;

/// <summary>
/// What the service itself offers, asked of the service rather than written down again: the verbs its
/// command line parses, the settings its options classes bind, its shutdown timeout, and the paths its
/// host answers. The deploy files are checked against these.
/// </summary>
internal static class ServiceSurface
{
    /// <summary>Variables read by .NET itself or by libraries, not by an options class of ours.</summary>
    private static readonly string[] FrameworkVariablePrefixes = ["Logging__", "ASPNETCORE_", "DOTNET_", "OTEL_"];

    /// <summary>The name of the executable a deploy file starts (the apphost is named after the assembly).</summary>
    public static string ExecutableName => typeof(CliApp).Assembly.GetName().Name!;

    /// <summary>The verb these words run, e.g. "round replay"; fails when the executable would refuse them.</summary>
    public static string Verb(IReadOnlyList<string> args)
    {
        var parsed = CliApp.Parse(args);
        var words = string.Join(' ', args);
        Assert.True(parsed.Errors.Count == 0, $"'unmentoring {words}' does not parse: {string.Join("; ", parsed.Errors.Select(e => e.Message))}");
        Assert.True(parsed.UnmatchedTokens.Count == 0, $"'unmentoring {words}' has words no verb takes: {string.Join(' ', parsed.UnmatchedTokens)}");
        Assert.DoesNotContain(parsed.Tokens, t => t.Type == System.CommandLine.Parsing.TokenType.Argument && t.Value.StartsWith("--", StringComparison.Ordinal));

        var path = new List<string>();
        for (var result = parsed.CommandResult; result is not null && result.Command is not RootCommand; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            path.Insert(0, result.Command.Name);
        }

        var verb = string.Join(' ', path);
        Assert.Contains(verb, CliApp.Commands.Select(c => c.Name));
        return verb;
    }

    /// <summary>HostOptions.ShutdownTimeout as the service configures it.</summary>
    public static TimeSpan ShutdownTimeout()
    {
        var context = new CliContext(TextWriter.Null, TextWriter.Null, new Dictionary<string, string?> { ["Unmentoring:DataDirectory"] = Path.GetTempPath() }, TimeProvider.System);
        using var host = UnmentoringHost.Build(context);
        return host.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;
    }

    /// <summary>
    /// What is wrong with a deploy file's environment: a variable that is neither a setting of one of our
    /// options classes (bound with unknown keys refused) nor one the framework reads, and any value the
    /// service's start-up checks refuse. Variables filled from a secret are given a plausible value.
    /// </summary>
    public static IReadOnlyList<string> EnvironmentProblems(IReadOnlyDictionary<string, string?> environment)
    {
        var problems = new List<string>();
        var settings = new Dictionary<string, string?>();
        foreach (var (variable, value) in environment)
        {
            if (FrameworkVariablePrefixes.Any(p => variable.StartsWith(p, StringComparison.Ordinal)))
            {
                // The one framework setting the service chooses by itself (the console log formatter) is checked as it would be.
                if (variable == "Logging__Console__FormatterName" && Unmentoring.Hosting.UnmentoringHost.LogFormatterProblem(value) is { } problem)
                {
                    problems.Add($"{variable}: {problem}");
                }

                continue;
            }

            var key = variable.Replace("__", ":", StringComparison.Ordinal);
            var section = OptionsSections().Where(s => key.StartsWith(s.Section + ":", StringComparison.Ordinal)).OrderByDescending(s => s.Section.Length).FirstOrDefault();
            if (section.Type is null)
            {
                problems.Add($"{variable} is not a setting of the service (no options section takes {key}).");
                continue;
            }

            var sample = value ?? (key.EndsWith(":Postgres", StringComparison.Ordinal) ? "Host=db;Database=unmentoring;Username=unmentoring;Password=secret" : "secret");
            var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, sample)]).Build();
            try
            {
                configuration.GetSection(section.Section).Get(section.Type, o => o.ErrorOnUnknownConfiguration = true);
                settings[key] = sample;
            }
            catch (InvalidOperationException ex)
            {
                problems.Add($"{variable} does not bind to {section.Type.Name}: {ex.Message}");
            }
        }

        if (problems.Count == 0)
        {
            var context = new CliContext(TextWriter.Null, TextWriter.Null, settings, TimeProvider.System);
            using var host = UnmentoringHost.Build(context);
            try
            {
                host.Checked();
            }
            catch (ConfigurationException ex)
            {
                problems.Add("The service refuses these settings: " + ex.Message);
            }
        }

        return problems;
    }

    public static void AssertAccepted(IReadOnlyDictionary<string, string?> environment)
    {
        var problems = EnvironmentProblems(environment);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    /// <summary>The status the running host (the pages, on the test server, over a fresh database) answers a GET of each path with.</summary>
    public static async Task<IReadOnlyDictionary<string, HttpStatusCode>> AnswersAsync(IEnumerable<string> paths)
    {
        await using var app = await WebApp.StartAsync();
        var answers = new Dictionary<string, HttpStatusCode>();
        foreach (var path in paths.Distinct())
        {
            using var response = await app.Client.GetAsync(path);
            answers[path] = response.StatusCode;
        }

        return answers;
    }

    /// <summary>Every options class with its section (the classes declare <c>const string Section</c>).</summary>
    private static IEnumerable<(string Section, Type Type)> OptionsSections() =>
        typeof(CliApp).Assembly.GetTypes()
            .Select(t => (Type: t, Field: t.GetField("Section", BindingFlags.Public | BindingFlags.Static)))
            .Where(x => x.Field is { IsLiteral: true } && x.Field.FieldType == typeof(string))
            .Select(x => ((string)x.Field!.GetRawConstantValue()!, x.Type));
}
