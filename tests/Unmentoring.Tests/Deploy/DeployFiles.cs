using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Unmentoring.Tests.Deploy;

/// <summary>
/// The files in <c>deploy/</c>, read from the repository the tests were built from: the YAML manifests as
/// YamlDotNet nodes (aliases resolved), the Dockerfile as instructions per stage, the systemd unit as keys.
/// </summary>
internal static partial class DeployFiles
{
    public static string Folder { get; } = Path.Combine(RepositoryRoot(), "deploy");

    public static string PathOf(string relative) => Path.Combine(Folder, relative);

    public static YamlMappingNode Yaml(string relative)
    {
        using var reader = new StringReader(File.ReadAllText(PathOf(relative)));
        var stream = new YamlStream();
        stream.Load(reader);
        Assert.True(stream.Documents.Count == 1, $"{relative} should hold one YAML document.");
        return Assert.IsType<YamlMappingNode>(stream.Documents[0].RootNode);
    }

    /// <summary>Every Kubernetes manifest the kustomization lists, by file name.</summary>
    public static IReadOnlyDictionary<string, YamlMappingNode> KubernetesManifests()
    {
        var kustomization = Yaml("kubernetes/kustomization.yaml");
        return Sequence(kustomization, "resources")
            .Select(r => ((YamlScalarNode)r).Value!)
            .ToDictionary(name => name, name => Yaml(Path.Combine("kubernetes", name)));
    }

    public static YamlMappingNode Kind(string kind) =>
        KubernetesManifests().Values.Single(m => Text(m, "kind") == kind);

    public static YamlNode? Find(YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out var child))
            {
                return null;
            }

            node = child;
        }

        return node;
    }

    public static YamlNode Get(YamlNode node, params string[] path) =>
        Find(node, path) ?? throw new Xunit.Sdk.XunitException($"The manifest has no {string.Join('.', path)}.");

    public static string Text(YamlNode node, params string[] path) =>
        Assert.IsType<YamlScalarNode>(Get(node, path)).Value ?? "";

    public static YamlMappingNode Map(YamlNode node, params string[] path) => Assert.IsType<YamlMappingNode>(Get(node, path));

    public static IReadOnlyList<YamlNode> Sequence(YamlNode node, params string[] path) =>
        Find(node, path) is YamlSequenceNode sequence ? [.. sequence.Children] : [];

    public static IReadOnlyList<string> Strings(YamlNode node, params string[] path) =>
        [.. Sequence(node, path).Select(n => ((YamlScalarNode)n).Value ?? "")];

    /// <summary>Compose's ${NAME}, ${NAME:-default} and ${NAME:?message}: the default where there is one, a placeholder otherwise.</summary>
    public static string Interpolate(string value) =>
        ComposeVariable().Replace(value, m => m.Groups["default"].Success ? m.Groups["default"].Value : "placeholder");

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(:-(?<default>[^}]*)|:\?[^}]*)?\}")]
    private static partial Regex ComposeVariable();

    /// <summary>The port of an address such as http://0.0.0.0:8080 (serve's --urls).</summary>
    public static int PortOf(string url) => new Uri(url.Replace("0.0.0.0", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal)).Port;

    /// <summary>The value after --urls in a command line.</summary>
    public static string UrlsOf(IReadOnlyList<string> args)
    {
        var at = args.ToList().IndexOf("--urls");
        Assert.True(at >= 0 && at + 1 < args.Count, $"'{string.Join(' ', args)}' should say where serve listens (--urls).");
        return args[at + 1];
    }

    /// <summary>One Dockerfile instruction: its keyword, its flags (--from=build) and the rest of the line, continuations joined.</summary>
    public sealed record Instruction(string Keyword, IReadOnlyDictionary<string, string> Flags, string Arguments, int Line)
    {
        /// <summary>The exec (JSON array) form's words.</summary>
        public IReadOnlyList<string> ExecForm() =>
            JsonSerializer.Deserialize<List<string>>(Arguments) ?? throw new Xunit.Sdk.XunitException($"Line {Line}: {Keyword} is not in exec form.");
    }

    public sealed record Stage(string Name, string BaseImage, IReadOnlyList<Instruction> Instructions)
    {
        public IEnumerable<Instruction> All(string keyword) => Instructions.Where(i => i.Keyword == keyword);

        public Instruction? Last(string keyword) => All(keyword).LastOrDefault();
    }

    public static IReadOnlyList<Stage> Dockerfile()
    {
        var stages = new List<Stage>();
        List<Instruction>? current = null;
        var lines = File.ReadAllLines(PathOf("Dockerfile"));
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var start = i + 1;
            while (line.EndsWith('\\') && i + 1 < lines.Length)
            {
                var next = lines[++i].Trim();
                line = line[..^1].TrimEnd() + (next.StartsWith('#') ? "" : " " + next);
            }

            var words = line.Split(' ', 2, StringSplitOptions.TrimEntries);
            var keyword = words[0].ToUpperInvariant();
            var rest = words.Length > 1 ? words[1] : "";
            var flags = new Dictionary<string, string>();
            while (rest.StartsWith("--", StringComparison.Ordinal))
            {
                var flag = rest.Split(' ', 2, StringSplitOptions.TrimEntries);
                var pair = flag[0][2..].Split('=', 2);
                flags[pair[0]] = pair.Length > 1 ? pair[1] : "";
                rest = flag.Length > 1 ? flag[1] : "";
            }

            if (keyword == "FROM")
            {
                var from = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                current = [];
                stages.Add(new Stage(from.Length >= 3 && from[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? from[2] : $"stage{stages.Count}", from[0], current));
                continue;
            }

            Assert.True(current is not null, $"Dockerfile line {start}: {keyword} before any FROM.");
            current.Add(new Instruction(keyword, flags, rest, start));
        }

        return stages;
    }

    /// <summary>The systemd unit's settings as (section, key) → values, in order (a key may repeat).</summary>
    public static ILookup<(string Section, string Key), string> SystemdUnit(string relative = "unmentoring.service")
    {
        var entries = new List<((string, string), string)>();
        var section = "";
        foreach (var raw in File.ReadAllLines(PathOf(relative)))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith(';'))
            {
                continue;
            }

            if (line.StartsWith('['))
            {
                section = line.Trim('[', ']');
                continue;
            }

            var pair = line.Split('=', 2);
            entries.Add(((section, pair[0].Trim()), pair.Length > 1 ? pair[1].Trim() : ""));
        }

        return entries.ToLookup(e => e.Item1, e => e.Item2);
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Unmentoring.sln")) && Directory.Exists(Path.Combine(folder.FullName, "deploy")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException("The tests were not built inside the repository: no Unmentoring.sln with a deploy folder above " + AppContext.BaseDirectory);
    }
}
