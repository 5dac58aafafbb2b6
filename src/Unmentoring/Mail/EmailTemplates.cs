using System.Text.Encodings.Web;
using System.Text.Unicode;
using Fluid;

namespace Unmentoring.Mail;

/// <summary>
/// The organisers' templates (Liquid, rendered by Fluid), read once from the template folder and checked
/// before the service starts: for each kind <c>{kind}.subject.txt</c>, <c>{kind}.txt</c> and
/// <c>{kind}.html</c>. A missing file, a syntax error or an unknown placeholder (see
/// <see cref="TemplateChecker"/>) is one <see cref="ConfigurationException"/> naming every file and line.
/// </summary>
internal sealed class EmailTemplates
{
    /// <summary>The defaults shipped beside the executable, used when Unmentoring:Mail:TemplateDirectory is not set.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "Mail", "Templates");

    /// <summary>Statement locations give each problem its line (experimental in Fluid 3.0: a specification pins the lines).</summary>
#pragma warning disable FLUID001
    private static readonly FluidParser Parser = new(new FluidParserOptions { TrackStatementLocations = true });
#pragma warning restore FLUID001

    /// <summary>
    /// Built once and shared: options are immutable. A <c>{% %}</c> tag takes the spaces around it and the line
    /// break after it (not greedy: only up to that line break), so a tag alone on its line leaves no blank
    /// line in a plain-text email. Names are camelCase, as the models' properties are written in templates.
    /// </summary>
    internal static readonly TemplateOptions Options = new TemplateOptionsBuilder()
        .WithTrimming(TrimmingFlags.TagLeft | TrimmingFlags.TagRight)
        .WithGreedy(false)
        .WithModelNamesComparer(StringComparers.CamelCase)
        .Build();

    /// <summary>The framework's HTML encoder; every Unicode range allowed, so "Zoë" stays readable in the source.</summary>
    internal static readonly TextEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly IReadOnlyDictionary<EmailKind, EmailTemplateSet> _sets;

    private EmailTemplates(string directory, IReadOnlyDictionary<EmailKind, EmailTemplateSet> sets)
    {
        Directory = directory;
        _sets = sets;
    }

    public string Directory { get; }

    public EmailTemplateSet this[EmailKind kind] => _sets[kind];

    public static EmailTemplates Load(string directory)
    {
        var full = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(full))
        {
            throw new ConfigurationException(
                $"{MailOptions.Section}:TemplateDirectory is {full}, which is not a folder; point it at a copy of the default templates in {DefaultDirectory}.");
        }

        var problems = new List<string>();
        var sets = new Dictionary<EmailKind, EmailTemplateSet>();
        foreach (var (kind, model) in EmailModel.Types)
        {
            var code = kind.ToCode();
            var subject = Read(full, $"{code}.subject.txt", model, problems, out var subjectText);
            if (subject is not null && subjectText.Trim().Contains('\n', StringComparison.Ordinal))
            {
                problems.Add($"{code}.subject.txt must be one line, because a subject is one line");
            }

            var text = Read(full, $"{code}.txt", model, problems, out _);
            var html = Read(full, $"{code}.html", model, problems, out _);
            if (subject is not null && text is not null && html is not null)
            {
                sets[kind] = new EmailTemplateSet(subject, text, html);
            }
        }

        if (problems.Count > 0)
        {
            throw new ConfigurationException($"the email templates in {full} ({MailOptions.Section}:TemplateDirectory) have problems: {string.Join("; ", problems)}.");
        }

        return new EmailTemplates(full, sets);
    }

    /// <summary>Parses and checks one template; the problems are one sentence each, naming the file and the line.</summary>
    internal static IFluidTemplate? Parse(string fileName, string source, Type model, List<string> problems)
    {
        IFluidTemplate template;
        try
        {
            template = Parser.Parse(source);
        }
        catch (ParseException error)
        {
            // Fluid's message continues with the source line on lines of its own; the configuration error is one line.
            var reason = error.Message.Split('\n')[0].Trim();
            var at = "";
            if (error.Position is { } position)
            {
                at = $" line {position.Line}";
                reason = reason.Replace($" at ({position.Line}:{position.Column})", $" at column {position.Column}", StringComparison.Ordinal);
            }

            problems.Add($"{fileName}{at} is not valid Liquid: {reason} (see README.txt beside the default templates)");
            return null;
        }

        var found = TemplateChecker.Check(fileName, source, template, model, Options);
        problems.AddRange(found);
        return found.Count == 0 ? template : null;
    }

    private static IFluidTemplate? Read(string directory, string fileName, Type model, List<string> problems, out string source)
    {
        var path = Path.Combine(directory, fileName);
        if (!File.Exists(path))
        {
            problems.Add($"{fileName} is missing (copy it from {DefaultDirectory})");
            source = "";
            return null;
        }

        source = File.ReadAllText(path);
        return Parse(fileName, source, model, problems);
    }
}

/// <summary>The three templates of one kind of email: the subject line, the plain text and the HTML.</summary>
internal sealed class EmailTemplateSet(IFluidTemplate subject, IFluidTemplate text, IFluidTemplate html)
{
    /// <summary>
    /// Renders all three from one context (Fluid's docs: one context per rendering thread): each render runs
    /// in a scope of its own, so what one template assigns does not reach the next.
    /// </summary>
    public (string Subject, string Text, string Html) Render(EmailModel model)
    {
        var context = new TemplateContext(model, EmailTemplates.Options);
        return (
            subject.Render(context, NullEncoder.Default).Trim(),
            text.Render(context, NullEncoder.Default),
            html.Render(context, EmailTemplates.Html));
    }
}
