using System.Buffers;
using System.Net;
using System.Runtime.CompilerServices;
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
    private readonly Segment[] _segments;
    private readonly bool _html;
    private readonly int _capacity;

    private EmailTemplate(string fileName, IReadOnlyList<Node> nodes, bool html, int length)
    {
        FileName = fileName;
        _segments = Compile(nodes);
        _html = html;

        // Room for the template and the values put into it, so most renders never grow the buffer.
        _capacity = length + (length / 2) + 256;
    }

    public string FileName { get; }

    /// <summary>Parses and checks every placeholder against <paramref name="fields"/>; problems are one sentence each.</summary>
    public static EmailTemplate Parse(string fileName, string text, TemplateFields fields, bool html, out IReadOnlyList<string> problems)
    {
        var found = new List<string>();
        var nodes = ParseNodes(fileName, Tokenize(fileName, text, found), found);
        Check(fileName, nodes, fields, found);
        problems = found;
        return new EmailTemplate(fileName, nodes, html, text.Length);
    }

    /// <summary>Renders with one reused buffer per thread; the only allocation is the returned string.</summary>
    public string Render(ITemplateScope model)
    {
        var output = RenderBuffer.Acquire(_capacity);
        RenderTo(model, output);
        return RenderBuffer.Release(output);
    }

    /// <summary>Renders and trims white space from both ends, as a subject line needs.</summary>
    public string RenderTrimmed(ITemplateScope model)
    {
        var output = RenderBuffer.Acquire(_capacity);
        RenderTo(model, output);
        var start = 0;
        var end = output.Length;
        while (start < end && char.IsWhiteSpace(output[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(output[end - 1]))
        {
            end--;
        }

        var text = output.ToString(start, end - start);
        RenderBuffer.Return(output);
        return text;
    }

    internal void RenderTo(ITemplateScope model, StringBuilder output)
    {
        var scopes = default(ScopeStack);
        Span<ITemplateScope?> stack = scopes;
        stack[0] = model;
        Render(_segments, stack, 1, output);
    }

    private void Render(Segment[] segments, Span<ITemplateScope?> scopes, int depth, StringBuilder output)
    {
        foreach (var segment in segments)
        {
            switch (segment.Kind)
            {
                case SegmentKind.Text:
                    output.Append(segment.Text);
                    break;
                case SegmentKind.Value:
                    switch (Lookup(scopes, depth, segment))
                    {
                        case string s when _html:
                            AppendHtml(s, output);
                            break;
                        case string s:
                            output.Append(s);
                            break;
                        case bool b:
                            output.Append(b ? "yes" : "no");
                            break;
                    }

                    break;
                default:
                    var item = Lookup(scopes, depth, segment);
                    var present = item switch
                    {
                        null => false,
                        string s => s.Length > 0,
                        bool b => b,
                        IReadOnlyList<ITemplateScope> list => list.Count > 0,
                        _ => true,
                    };
                    if (segment.Kind == SegmentKind.Inverted)
                    {
                        if (!present)
                        {
                            Render(segment.Children, scopes, depth, output);
                        }
                    }
                    else if (item is IReadOnlyList<ITemplateScope> items)
                    {
                        if (depth == scopes.Length)
                        {
                            var deeper = new ITemplateScope?[scopes.Length * 2];
                            scopes.CopyTo(deeper);
                            scopes = deeper;
                        }

                        for (var i = 0; i < items.Count; i++)
                        {
                            scopes[depth] = items[i];
                            Render(segment.Children, scopes, depth + 1, output);
                        }

                        scopes[depth] = null;
                    }
                    else if (present)
                    {
                        Render(segment.Children, scopes, depth, output);
                    }

                    break;
            }
        }
    }

    private static object? Lookup(Span<ITemplateScope?> scopes, int depth, Segment segment)
    {
        for (var i = depth - 1; i >= 0; i--)
        {
            if (scopes[i]!.TryGet(segment.Slot, segment.Text, out var value))
            {
                return value;
            }
        }

        return null;
    }

    private static readonly SearchValues<char> HtmlSpecial = SearchValues.Create("<>&\"'");

    /// <summary>
    /// Exactly <see cref="WebUtility.HtmlEncode(string)"/>, which also writes Latin-1 letters and characters
    /// outside the BMP as numeric references; values with none of those (nearly all) are copied as they are.
    /// </summary>
    internal static void AppendHtml(string value, StringBuilder output)
    {
        var span = value.AsSpan();
        if (span.IndexOfAny(HtmlSpecial) < 0 && span.IndexOfAnyInRange('\u00A0', '\u00FF') < 0 && span.IndexOfAnyInRange('\uD800', '\uDFFF') < 0)
        {
            output.Append(value);
        }
        else
        {
            output.Append(WebUtility.HtmlEncode(value));
        }
    }

    private enum SegmentKind
    {
        Text,
        Value,
        Section,
        Inverted,
    }

    /// <summary>One compiled piece of a template: literal text, a value, or a section with its own pieces.</summary>
    private sealed class Segment(SegmentKind kind, string text, Segment[] children)
    {
        public SegmentKind Kind { get; } = kind;

        /// <summary>The literal text, or the placeholder's name.</summary>
        public string Text { get; } = text;

        public int Slot { get; } = kind == SegmentKind.Text ? -1 : TemplateSlot.Of(text);

        public Segment[] Children { get; } = children;
    }

    /// <summary>Turns the checked tree into arrays, joining neighbouring text so it is copied in one piece.</summary>
    private static Segment[] Compile(IReadOnlyList<Node> nodes)
    {
        var segments = new List<Segment>(nodes.Count);
        var text = new StringBuilder();
        foreach (var node in nodes)
        {
            if (node is TextNode literal)
            {
                text.Append(literal.Text);
                continue;
            }

            if (text.Length > 0)
            {
                segments.Add(new Segment(SegmentKind.Text, text.ToString(), []));
                text.Clear();
            }

            segments.Add(node switch
            {
                ValueNode value => new Segment(SegmentKind.Value, value.Name, []),
                SectionNode section => new Segment(section.Inverted ? SegmentKind.Inverted : SegmentKind.Section, section.Name, Compile(section.Children)),
                _ => throw new InvalidOperationException(),
            });
        }

        if (text.Length > 0)
        {
            segments.Add(new Segment(SegmentKind.Text, text.ToString(), []));
        }

        return [.. segments];
    }

    [InlineArray(8)]
    private struct ScopeStack
    {
        private ITemplateScope? _first;
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

/// <summary>
/// Where a template finds its values: text, a yes/no, or a list of nested scopes. <paramref name="slot"/> in
/// <see cref="TryGet"/> is the name's <see cref="TemplateSlot"/> number (-1 for a name the composer does not
/// know), so typed models answer without hashing the name. A scope that has the name answers true even when
/// the value is null, which hides the same name in outer scopes.
/// </summary>
internal interface ITemplateScope
{
    bool TryGet(int slot, string name, out object? value);
}

/// <summary>
/// One StringBuilder per thread, kept between renders so that rendering allocates only the strings it
/// returns. Take it with <see cref="Acquire"/> and give it back with <see cref="Release"/> or <see cref="Return"/>;
/// a render that needs another one meanwhile simply gets a new builder.
/// </summary>
internal static class RenderBuffer
{
    private const int MaxKept = 64 * 1024;

    [ThreadStatic]
    private static StringBuilder? _cached;

    public static StringBuilder Acquire(int capacity)
    {
        var builder = _cached;
        if (builder is null)
        {
            return new StringBuilder(capacity);
        }

        _cached = null;
        builder.Clear();
        if (builder.Capacity < capacity)
        {
            builder.Capacity = capacity;
        }

        return builder;
    }

    public static string Release(StringBuilder builder)
    {
        var text = builder.ToString();
        Return(builder);
        return text;
    }

    public static void Return(StringBuilder builder)
    {
        if (builder.Capacity <= MaxKept)
        {
            _cached = builder;
        }
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
