namespace Unmentoring.Mail;

/// <summary>The three templates of one kind of email: the subject line, the plain text and the HTML.</summary>
internal sealed record EmailTemplateSet(EmailTemplate Subject, EmailTemplate Text, EmailTemplate Html);

/// <summary>
/// The organisers' templates, read once from the template folder and checked before the service starts:
/// for each kind <c>{kind}.subject.txt</c>, <c>{kind}.txt</c> and <c>{kind}.html</c>. A missing file or an
/// unknown placeholder is a <see cref="ConfigurationException"/> naming the file and the line.
/// </summary>
internal sealed class EmailTemplates
{
    /// <summary>The defaults shipped beside the executable, used when Unmentoring:Mail:TemplateDirectory is not set.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "Mail", "Templates");

    private readonly IReadOnlyDictionary<EmailKind, EmailTemplateSet> _sets;

    private EmailTemplates(string directory, IReadOnlyDictionary<EmailKind, EmailTemplateSet> sets)
    {
        Directory = directory;
        _sets = sets;
    }

    public string Directory { get; }

    public EmailTemplateSet this[EmailKind kind] => _sets[kind];

    public static EmailTemplates Load(string directory, IReadOnlyDictionary<EmailKind, TemplateFields> fields)
    {
        var full = Path.GetFullPath(directory);
        var problems = new List<string>();
        var sets = new Dictionary<EmailKind, EmailTemplateSet>();
        if (!System.IO.Directory.Exists(full))
        {
            throw new ConfigurationException(
                $"{MailOptions.Section}:TemplateDirectory is {full}, which is not a folder; point it at a copy of the default templates in {DefaultDirectory}.");
        }

        foreach (var (kind, kindFields) in fields)
        {
            var code = kind.ToCode();
            var subject = Read(full, $"{code}.subject.txt", kindFields, html: false, problems);
            if (subject is not null && File.ReadAllText(Path.Combine(full, $"{code}.subject.txt")).Trim().Contains('\n', StringComparison.Ordinal))
            {
                problems.Add($"{code}.subject.txt must be one line, because a subject is one line");
            }

            var text = Read(full, $"{code}.txt", kindFields, html: false, problems);
            var html = Read(full, $"{code}.html", kindFields, html: true, problems);
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

    private static EmailTemplate? Read(string directory, string fileName, TemplateFields fields, bool html, List<string> problems)
    {
        var path = Path.Combine(directory, fileName);
        if (!File.Exists(path))
        {
            problems.Add($"{fileName} is missing (copy it from {DefaultDirectory})");
            return null;
        }

        var template = EmailTemplate.Parse(fileName, File.ReadAllText(path), fields, html, out var found);
        problems.AddRange(found);
        return template;
    }
}
