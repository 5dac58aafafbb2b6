using System.Text.Json;
using Unmentoring.Pairing;

namespace Unmentoring.Cli.Pair;

/// <summary>
/// Reads the rules JSON of <c>unmentoring pair</c>. Every key is optional; an unknown key is an error,
/// because a misspelt rule silently left at its default would plan a different round from the one meant.
/// </summary>
internal static class PairRulesFile
{
    private static readonly string[] Keys = ["repeatWindowRounds", "avoidSameOrganisation", "oddPolicy", "relaxRepeats"];

    public static PairingRules Read(string path, List<string> problems)
    {
        var rules = PairingRules.Default;
        var name = Path.GetFileName(path);
        if (!File.Exists(path))
        {
            problems.Add($"{name}: the file does not exist (looked for {Path.GetFullPath(path)}).");
            return rules;
        }

        var bytes = File.ReadAllBytes(path);
        int LineAt(long offset) => 1 + bytes.AsSpan(0, (int)Math.Min(offset, bytes.Length)).Count((byte)'\n');
        try
        {
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                problems.Add($"{name} line {LineAt(reader.TokenStartIndex)}: the rules must be one JSON object, e.g. {{\"repeatWindowRounds\":12}}.");
                return rules;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = reader.GetString()!;
                var line = LineAt(reader.TokenStartIndex);
                reader.Read();
                var problem = key switch
                {
                    "repeatWindowRounds" => reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var window) && window >= 0
                        ? Set(rules = rules with { RepeatWindowRounds = window })
                        : "repeatWindowRounds must be a whole number of rounds, 0 or more.",
                    "avoidSameOrganisation" => reader.TokenType is JsonTokenType.True or JsonTokenType.False
                        ? Set(rules = rules with { AvoidSameOrganisation = reader.GetBoolean() })
                        : "avoidSameOrganisation must be true or false.",
                    "relaxRepeats" => reader.TokenType is JsonTokenType.True or JsonTokenType.False
                        ? Set(rules = rules with { RelaxRepeats = reader.GetBoolean() })
                        : "relaxRepeats must be true or false.",
                    "oddPolicy" => reader.TokenType == JsonTokenType.String && ParseOddPolicy(reader.GetString()) is { } policy
                        ? Set(rules = rules with { OddPolicy = policy })
                        : "oddPolicy must be \"trio\" or \"sitOut\".",
                    _ => $"'{key}' is not a rule; the rules are {string.Join(", ", Keys)}.",
                };
                if (problem is not null)
                {
                    problems.Add($"{name} line {line}: {problem}");
                }

                reader.Skip();
            }

            if (reader.TokenType != JsonTokenType.EndObject)
            {
                problems.Add($"{name} line {LineAt(reader.TokenStartIndex)}: the rules must be one JSON object.");
            }
        }
        catch (JsonException ex)
        {
            problems.Add($"{name} line {(ex.LineNumber ?? 0) + 1}: this is not valid JSON ({FirstSentence(ex.Message)}).");
        }

        return rules;

        static string? Set(PairingRules _) => null;
    }

    private static OddPolicy? ParseOddPolicy(string? text) => text?.ToUpperInvariant() switch
    {
        "TRIO" => OddPolicy.Trio,
        "SITOUT" or "SIT-OUT" or "SIT_OUT" => OddPolicy.SitOut,
        _ => null,
    };

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message.TrimEnd('.') : message[..end];
    }
}
