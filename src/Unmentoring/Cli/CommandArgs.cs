namespace Unmentoring.Cli;

/// <summary>
/// The parsed words after a command's path: <c>--name value</c> options, <c>--flag</c> switches
/// (also <c>--name=value</c>) and positional arguments. Unknown options are a usage error.
/// </summary>
internal sealed class CommandArgs
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);
    private readonly List<string> _positionals = [];

    public IReadOnlyList<string> Positionals => _positionals;

    public bool WantsHelp { get; private set; }

    public static CommandArgs Parse(
        IReadOnlyList<string> words,
        IReadOnlyCollection<string> valueOptions,
        IReadOnlyCollection<string> flags)
    {
        var parsed = new CommandArgs();
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (word is "--help" or "-h" or "-?")
            {
                parsed.WantsHelp = true;
                continue;
            }

            if (word == "--")
            {
                parsed._positionals.AddRange(words.Skip(i + 1));
                break;
            }

            if (!word.StartsWith("--", StringComparison.Ordinal) || word.Length == 2)
            {
                parsed._positionals.Add(word);
                continue;
            }

            var name = word;
            string? inlineValue = null;
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                name = word[..equals];
                inlineValue = word[(equals + 1)..];
            }

            if (valueOptions.Contains(name))
            {
                if (inlineValue is null)
                {
                    if (i + 1 >= words.Count)
                    {
                        throw new CliUsageException($"The option {name} needs a value.");
                    }

                    inlineValue = words[++i];
                }

                if (!parsed._values.TryAdd(name, inlineValue))
                {
                    throw new CliUsageException($"The option {name} is given more than once.");
                }
            }
            else if (flags.Contains(name))
            {
                if (inlineValue is not null)
                {
                    throw new CliUsageException($"The option {name} takes no value.");
                }

                parsed._flags.Add(name);
            }
            else
            {
                throw new CliUsageException($"Unknown option {name}.");
            }
        }

        return parsed;
    }

    public string? Get(string option) => _values.GetValueOrDefault(option);

    public bool Has(string flag) => _flags.Contains(flag);

    /// <summary>An optional whole-number option; a value that is not one is a usage error.</summary>
    public long? GetInt64(string option)
    {
        var text = Get(option);
        if (text is null)
        {
            return null;
        }

        return long.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new CliUsageException($"The option {option} must be a whole number, not '{text}'.");
    }
}
