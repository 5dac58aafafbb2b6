using Unmentoring.Mail;

namespace Unmentoring.Tests.Mail;

/// <summary>
/// Templates/README.txt tells organisers the placeholders of each kind of email; the models are where a
/// placeholder is added, so the README is checked against them and cannot drift.
/// </summary>
public sealed class TemplatesReadmeTests
{
    private const string EveryKind = "Every kind";

    [Fact]
    public void Readme_ListsExactlyThePlaceholdersOfEveryModel()
    {
        var entries = PlaceholderEntries(File.ReadAllText(Path.Combine(EmailTemplates.DefaultDirectory, "README.txt")));

        var expected = new Dictionary<string, string> { [EveryKind] = Describe(typeof(EmailModel), declaredOnly: true) };
        foreach (var (kind, model) in EmailModel.Types)
        {
            expected[kind.ToCode()] = Describe(model, declaredOnly: true);
        }

        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), entries.Keys.Order(StringComparer.Ordinal));
        foreach (var (label, placeholders) in expected)
        {
            // What follows the list, if anything, is a note in brackets.
            Assert.Matches(@"^" + System.Text.RegularExpressions.Regex.Escape(placeholders) + @"( \(.*\))?$", entries[label]);
        }
    }

    /// <summary>The "label: placeholders" lines after "Placeholders:", each joined with its indented continuation lines.</summary>
    private static Dictionary<string, string> PlaceholderEntries(string readme)
    {
        var entries = new Dictionary<string, string>();
        var lines = readme.ReplaceLineEndings("\n").Split('\n');
        var start = Array.IndexOf(lines, "Placeholders:");
        Assert.True(start >= 0, "README.txt has a 'Placeholders:' section");
        string? label = null;
        foreach (var line in lines.Skip(start + 1).Where(l => l.Trim().Length > 0))
        {
            if (char.IsWhiteSpace(line[0]) && label is not null)
            {
                entries[label] += " " + line.Trim();
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            label = line[..colon];
            entries[label] = line[(colon + 1)..].Trim();
        }

        return entries;
    }

    private static string Describe(Type type, bool declaredOnly)
    {
        var properties = TemplatePlaceholders.DeclaredFirst(type).Where(p => !declaredOnly || p.DeclaringType == type);
        return string.Join(", ", properties.Select(p =>
        {
            var name = TemplatePlaceholders.CamelCase(p.Name);
            var placeholders = TemplatePlaceholders.Of(p.PropertyType);
            return placeholders switch
            {
                { IsList: true, Item.IsObject: true } => $"{name} (a list; each has {string.Join(", ", placeholders.Item!.Names)})",
                { IsList: true } => $"{name} (a list of text)",
                _ when p.PropertyType == typeof(bool) => $"{name} (true or false)",
                _ => name,
            };
        }));
    }
}
