using Fluid;
using Fluid.Ast;

namespace Unmentoring.Mail;

/// <summary>
/// Walks a parsed template before anything is sent and names, with its line, every placeholder that its
/// model does not have: a typo inside <c>{% if person.phone %}</c> is found at start-up, not on the first
/// person with a phone number. A name is known when it is a property of the model, the variable of an
/// enclosing <c>for</c> (whose members are the list item's properties), <c>forloop</c> inside a loop, or a
/// name the template assigned earlier. Filters must exist; <c>include</c> and <c>render</c> are refused
/// because templates are checked one file at a time.
/// </summary>
internal sealed class TemplateChecker : AstVisitor
{
    private static readonly TemplatePlaceholders ForLoop = TemplatePlaceholders.Of(typeof(ForLoopVariable));

    private readonly string _fileName;
    private readonly string _source;
    private readonly TemplatePlaceholders _model;
    private readonly TemplateOptions _options;
    private readonly List<(string Name, TemplatePlaceholders? Type)> _variables = [];
    private readonly List<(int Line, string Text)> _problems = [];
    private int _offset;

    private TemplateChecker(string fileName, string source, TemplatePlaceholders model, TemplateOptions options)
    {
        _fileName = fileName;
        _source = source;
        _model = model;
        _options = options;
    }

    /// <summary>The problems of one template in the order of their lines, one sentence each naming the file and the line.</summary>
    /// <param name="template">Parsed with statement locations tracked, so that problems have lines.</param>
    public static IReadOnlyList<string> Check(string fileName, string source, IFluidTemplate template, Type model, TemplateOptions options)
    {
        var checker = new TemplateChecker(fileName, source, TemplatePlaceholders.Of(model), options);
        checker.VisitTemplate(template);

        // The visitor reaches an if's else before its first branch; organisers read top to bottom.
        return [.. checker._problems.OrderBy(p => p.Line).Select(p => p.Text)];
    }

    public override Statement Visit(Statement statement)
    {
        if (statement is null)
        {
            return statement!;
        }

        var outer = _offset;
#pragma warning disable FLUID001 // Experimental in Fluid 3.0; TemplateCheckerTests pins the lines it gives.
        if (statement.SourceOffset >= 0)
        {
            _offset = statement.SourceOffset;
        }
#pragma warning restore FLUID001

        var visited = base.Visit(statement);
        _offset = outer;
        return visited;
    }

    protected override Statement VisitOutputStatement(OutputStatement outputStatement)
    {
        if (outputStatement.Expression is MemberExpression member)
        {
            var type = Resolve(member);
            if (type is { IsList: true })
            {
                Problem($"uses {Show(member)} as a value, but it is a list: use {{% for item in {Path(member)} %}}...{{% endfor %}}");
            }
            else if (type is { IsObject: true })
            {
                Problem($"uses {Show(member)} as a value, but it has parts: use one of {Describe(Path(member) + ".", type)}");
            }

            return outputStatement;
        }

        return base.VisitOutputStatement(outputStatement);
    }

    protected override Expression VisitMemberExpression(MemberExpression memberExpression)
    {
        Resolve(memberExpression);
        return memberExpression;
    }

    protected override Expression VisitFilterExpression(FilterExpression filterExpression)
    {
        if (!_options.Filters.TryGetValue(filterExpression.Name, out _))
        {
            Problem($"uses the filter {filterExpression.Name}, which Liquid does not have");
        }

        return base.VisitFilterExpression(filterExpression);
    }

    protected override Statement VisitForStatement(ForStatement forStatement)
    {
        Visit(forStatement.Source);
        Visit(forStatement.Limit);
        Visit(forStatement.Offset);
        var items = forStatement.Source is MemberExpression list ? Resolve(list) : null;
        var loop = _variables.Count;
        _variables.Add((forStatement.Identifier, items is { IsList: true } ? items.Item : null));
        _variables.Add(("forloop", ForLoop));
        foreach (var statement in forStatement.Statements)
        {
            Visit(statement);
        }

        // The loop's own names end with it; a name assigned inside it stays, as in Liquid.
        _variables.RemoveRange(loop, 2);
        Visit(forStatement.Else);
        return forStatement;
    }

    protected override Statement VisitAssignStatement(AssignStatement assignStatement)
    {
        base.VisitAssignStatement(assignStatement);
        _variables.Add((assignStatement.Identifier, null));
        return assignStatement;
    }

    protected override Statement VisitCaptureStatement(CaptureStatement captureStatement)
    {
        base.VisitCaptureStatement(captureStatement);
        _variables.Add((captureStatement.Identifier, null));
        return captureStatement;
    }

    protected override Statement VisitIncludeStatement(IncludeStatement includeStatement)
    {
        Problem("uses {% include %}, but a template cannot include another file");
        return includeStatement;
    }

    protected override Statement VisitRenderStatement(RenderStatement renderStatement)
    {
        Problem("uses {% render %}, but a template cannot include another file");
        return renderStatement;
    }

    /// <summary>What a member path names, or null when it is a name whose type is not known (assigned).</summary>
    private TemplatePlaceholders? Resolve(MemberExpression member)
    {
        if (member.Segments[0] is not IdentifierSegment first)
        {
            Problem($"uses {Show(member)}, which is not a placeholder here; use one of {DescribeNames()}");
            return null;
        }

        TemplatePlaceholders? type;
        var variable = _variables.FindLastIndex(v => v.Name == first.Identifier);
        if (variable >= 0)
        {
            type = _variables[variable].Type;
        }
        else
        {
            type = _model.Member(first.Identifier);
            if (type is null)
            {
                Problem($"uses {Show(member)}, which is not a placeholder here; use one of {DescribeNames()}");
                return null;
            }
        }

        for (var i = 1; i < member.Segments.Count && type is not null; i++)
        {
            var segment = member.Segments[i];
            if (segment is IndexerSegment indexer && type.IsList)
            {
                Visit(indexer.Expression);
                type = type.Item;
            }
            else if (segment is IdentifierSegment { Identifier: "size" } && (type.IsList || type.ClrType == typeof(string)))
            {
                type = TemplatePlaceholders.Of(typeof(int));
            }
            else if (segment is IdentifierSegment { Identifier: "first" or "last" } && type.IsList)
            {
                type = type.Item;
            }
            else if (segment is IdentifierSegment named && type.Member(named.Identifier) is { } found)
            {
                type = found;
            }
            else
            {
                var known = string.Join('.', member.Segments.Take(i).Select(SegmentText));
                Problem(type.IsList || type.IsObject
                    ? $"uses {Show(member)}, which is not a placeholder here; use one of {Describe(known + ".", type)}"
                    : $"uses {Show(member)}, which is not a placeholder here; {{{{{known}}}}} has no parts");
                return null;
            }
        }

        return type;
    }

    private void Problem(string what)
    {
        var line = 1 + _source.AsSpan(0, Math.Min(_offset, _source.Length)).Count('\n');
        _problems.Add((line, $"{_fileName} line {line} {what}"));
    }

    private string DescribeNames()
    {
        var names = _model.Names.Concat(_variables.Select(v => v.Name)).Distinct().Order(StringComparer.Ordinal);
        return string.Join(", ", names.Select(n => $"{{{{{n}}}}}"));
    }

    private static string Describe(string prefix, TemplatePlaceholders type) =>
        type.IsList
            ? $"{{{{{prefix}size}}}}, {{{{{prefix}first}}}}, {{{{{prefix}last}}}}"
            : string.Join(", ", type.Names.Order(StringComparer.Ordinal).Select(n => $"{{{{{prefix}{n}}}}}"));

    private static string Show(MemberExpression member) => $"{{{{{Path(member)}}}}}";

    private static string Path(MemberExpression member) => string.Join('.', member.Segments.Select(SegmentText)).Replace(".[", "[", StringComparison.Ordinal);

    private static string SegmentText(MemberSegment segment) => segment is IdentifierSegment named ? named.Identifier : "[...]";

    /// <summary>What Liquid offers inside a <c>for</c> loop as <c>forloop</c>.</summary>
    private sealed record ForLoopVariable(int Index, int Index0, int Rindex, int Rindex0, bool First, bool Last, int Length);
}
