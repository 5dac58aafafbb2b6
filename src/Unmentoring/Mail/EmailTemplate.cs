using System.Net;
using System.Text;

namespace Unmentoring.Mail;

/// <summary>
/// One organiser-editable template. The syntax is deliberately small so a person can edit it in any text
/// editor: <c>{{name}}</c> inserts a value (HTML-encoded in HTML templates), <c>{{#name}}...{{/name}}</c>
/// repeats for each item of a list or shows the part when the value is present, and
/// <c>{{^name}}...{{/name}}</c> shows the part when it is absent. A tag alone on its line takes the line
/// with it, so sections do not leave blank lines behind in the plain-text emails.
/// </summary>
internal sealed class EmailTemplate
{
    private readonly IReadOnlyList<Node> _nodes;
    private readonly bool _html;

    private EmailTemplate(string fileName, IReadOnlyList<Node> nodes, bool html)
    {
        FileName = fileName;
        _nodes = nodes;
        _html = html;
    }

    public string FileName { get; }

    /// <summary>Parses and checks every placeholder against <paramref name="fields"/>; problems are one sentence each.</summary>
    public static EmailTemplate Parse(string fileName, string text, TemplateFields fields, bool html, out IReadOnlyList<string> problems)
    {
        var found = new List<string>();
        var nodes = ParseNodes(fileName, Tokenize(fileName, text, found), found);
        Check(fileName, nodes, fields, found);
        problems = found;
        return new EmailTemplate(fileName, nodes, html);
    }

    public string Render(TemplateModel model)
    {
        var output = new StringBuilder();
        Render(_nodes, [model], output);
        return output.ToString();
    }

    private void Render(IReadOnlyList<Node> nodes, List<TemplateModel> scopes, StringBuilder output)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case TextNode text:
                    output.Append(text.Text);
                    break;
                case ValueNode value:
                    var found = Lookup(scopes, value.Name);
                    var shown = found switch
                    {
                        null => "",
                        string s => s,
                        bool b => b ? "yes" : "no",
                        _ => "",
                    };
                    output.Append(_html ? WebUtility.HtmlEncode(shown) : shown);
                    break;
                case SectionNode section:
                    var item = Lookup(scopes, section.Name);
                    var present = item switch
                    {
                        null => false,
                        string s => s.Length > 0,
                        bool b => b,
                        IReadOnlyList<TemplateModel> list => list.Count > 0,
                        _ => true,
                    };
                    if (section.Inverted)
                    {
                        if (!present)
                        {
                            Render(section.Children, scopes, output);
                        }
                    }
                    else if (item is IReadOnlyList<TemplateModel> items)
                    {
                        foreach (var each in items)
                        {
                            scopes.Add(each);
                            Render(section.Children, scopes, output);
                            scopes.RemoveAt(scopes.Count - 1);
                        }
                    }
                    else if (present)
                    {
                        Render(section.Children, scopes, output);
                    }

                    break;
            }
        }
    }

    private static object? Lookup(List<TemplateModel> scopes, string name)
    {
        for (var i = scopes.Count - 1; i >= 0; i--)
        {
            if (scopes[i].TryGetValue(name, out var value))
            {
                return value;
            }
        }

        return null;
    }

    private static void Check(string fileName, IReadOnlyList<Node> nodes, TemplateFields fields, List<string> problems)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case ValueNode value when !fields.Has(value.Name):
                    problems.Add($"{fileName} line {value.Line} uses {{{{{value.Name}}}}}, which is not a placeholder here; use one of {fields.Describe()}");
                    break;
                case ValueNode value when fields.IsList(value.Name):
                    problems.Add($"{fileName} line {value.Line} uses {{{{{value.Name}}}}} as a value, but it is a list: use {{{{#{value.Name}}}}}...{{{{/{value.Name}}}}}");
                    break;
                case SectionNode section when !fields.Has(section.Name):
                    problems.Add($"{fileName} line {section.Line} uses {{{{{(section.Inverted ? '^' : '#')}{section.Name}}}}}, which is not a placeholder here; use one of {fields.Describe()}");
                    break;
                case SectionNode section:
                    Check(fileName, section.Children, fields.Inside(section.Name), problems);
                    break;
            }
        }
    }

    private enum TokenKind
    {
        Text,
        Value,
        Open,
        OpenInverted,
        Close,
    }

    private sealed record Token(TokenKind Kind, string Text, int Line);

    private static List<Token> Tokenize(string fileName, string text, List<string> problems)
    {
        var tokens = new List<Token>();
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index];
            var number = index + 1;
            var last = index == lines.Length - 1;
            var lineTokens = TokenizeLine(fileName, line, number, problems);

            // A section tag alone on its line takes the line with it, as in Mustache, so sections in the
            // plain-text templates leave no blank lines behind.
            if (lineTokens.Count(t => t.Kind != TokenKind.Text) == 1
                && lineTokens.Single(t => t.Kind != TokenKind.Text).Kind != TokenKind.Value
                && lineTokens.Where(t => t.Kind == TokenKind.Text).All(t => string.IsNullOrWhiteSpace(t.Text)))
            {
                tokens.Add(lineTokens.Single(t => t.Kind != TokenKind.Text));
                continue;
            }

            tokens.AddRange(lineTokens);
            if (!last)
            {
                tokens.Add(new Token(TokenKind.Text, "\n", number));
            }
        }

        return tokens;
    }

    private static List<Token> TokenizeLine(string fileName, string line, int number, List<string> problems)
    {
        var tokens = new List<Token>();
        var position = 0;
        while (position < line.Length)
        {
            var open = line.IndexOf("{{", position, StringComparison.Ordinal);
            if (open < 0)
            {
                tokens.Add(new Token(TokenKind.Text, line[position..], number));
                break;
            }

            if (open > position)
            {
                tokens.Add(new Token(TokenKind.Text, line[position..open], number));
            }

            var close = line.IndexOf("}}", open + 2, StringComparison.Ordinal);
            var nextOpen = line.IndexOf("{{", open + 2, StringComparison.Ordinal);
            if (close < 0 || (nextOpen >= 0 && nextOpen < close))
            {
                problems.Add($"{fileName} line {number} has a {{{{ with no }}}} after it on the same line");
                tokens.Add(new Token(TokenKind.Text, "{{", number));
                position = open + 2;
                continue;
            }

            var inside = line[(open + 2)..close].Trim();
            var kind = inside.Length == 0 ? TokenKind.Value : inside[0] switch
            {
                '#' => TokenKind.Open,
                '^' => TokenKind.OpenInverted,
                '/' => TokenKind.Close,
                _ => TokenKind.Value,
            };
            var name = kind == TokenKind.Value ? inside : inside[1..].Trim();
            if (name.Length == 0 || !char.IsAsciiLetter(name[0]) || !name.All(char.IsAsciiLetterOrDigit))
            {
                problems.Add($"{fileName} line {number} has {{{{{inside}}}}}; a placeholder is a name of letters and digits such as {{{{name}}}}");
            }

            tokens.Add(new Token(kind, name, number));
            position = close + 2;
        }

        return tokens;
    }

    private abstract record Node;

    private sealed record TextNode(string Text) : Node;

    private sealed record ValueNode(string Name, int Line) : Node;

    private sealed record SectionNode(string Name, bool Inverted, IReadOnlyList<Node> Children, int Line) : Node;

    private static List<Node> ParseNodes(string fileName, List<Token> tokens, List<string> problems)
    {
        var stack = new Stack<(Token Open, List<Node> Children)>();
        var current = new List<Node>();
        foreach (var token in tokens)
        {
            switch (token.Kind)
            {
                case TokenKind.Text:
                    if (token.Text.Length > 0)
                    {
                        current.Add(new TextNode(token.Text));
                    }

                    break;
                case TokenKind.Value:
                    current.Add(new ValueNode(token.Text, token.Line));
                    break;
                case TokenKind.Open or TokenKind.OpenInverted:
                    stack.Push((token, current));
                    current = [];
                    break;
                case TokenKind.Close:
                    if (stack.Count == 0 || stack.Peek().Open.Text != token.Text)
                    {
                        var expected = stack.Count == 0 ? "no section is open" : $"{{{{/{stack.Peek().Open.Text}}}}} was expected";
                        problems.Add($"{fileName} line {token.Line} closes {{{{/{token.Text}}}}} but {expected}");
                        break;
                    }

                    var (open, parent) = stack.Pop();
                    parent.Add(new SectionNode(open.Text, open.Kind == TokenKind.OpenInverted, current, open.Line));
                    current = parent;
                    break;
            }
        }

        while (stack.Count > 0)
        {
            var (open, parent) = stack.Pop();
            problems.Add($"{fileName} line {open.Line} opens {{{{#{open.Text}}}}} but never closes it with {{{{/{open.Text}}}}}");
            parent.Add(new SectionNode(open.Text, open.Kind == TokenKind.OpenInverted, current, open.Line));
            current = parent;
        }

        return current;
    }
}

/// <summary>The values one email is rendered with: text, a yes/no, or a list of nested models.</summary>
internal sealed class TemplateModel : Dictionary<string, object?>
{
    public TemplateModel()
        : base(StringComparer.Ordinal)
    {
    }
}

/// <summary>
/// The placeholders a kind of email offers, and inside each list the placeholders of one item. Templates
/// are checked against these at start-up so a typo stops the service rather than sending "{{nmae}}".
/// </summary>
internal sealed class TemplateFields
{
    private readonly HashSet<string> _names;
    private readonly IReadOnlyDictionary<string, TemplateFields> _lists;
    private readonly TemplateFields? _outer;

    public TemplateFields(IEnumerable<string> names, IReadOnlyDictionary<string, TemplateFields>? lists = null, TemplateFields? outer = null)
    {
        _lists = lists ?? new Dictionary<string, TemplateFields>();
        _names = names.Concat(_lists.Keys).ToHashSet(StringComparer.Ordinal);
        _outer = outer;
    }

    public bool Has(string name) => _names.Contains(name) || (_outer?.Has(name) ?? false);

    public bool IsList(string name) => _lists.ContainsKey(name) || (!_names.Contains(name) && (_outer?.IsList(name) ?? false));

    /// <summary>The fields inside a section: a list's item fields on top of these, otherwise these.</summary>
    public TemplateFields Inside(string name) =>
        _lists.TryGetValue(name, out var item) ? new TemplateFields(item._names, item._lists, this) : this;

    public IEnumerable<string> All => _names.Concat(_outer?.All ?? []).Distinct().Order(StringComparer.Ordinal);

    public string Describe() => string.Join(", ", All.Select(n => IsList(n) ? $"{{{{#{n}}}}}" : $"{{{{{n}}}}}"));
}
