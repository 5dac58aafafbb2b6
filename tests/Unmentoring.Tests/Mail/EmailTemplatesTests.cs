using Fluid;
using Unmentoring.Mail;
using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Mail;

public sealed class EmailTemplatesTests
{
    [Fact]
    public void Render_ValuesLoopsConditionsAndTheirOpposites()
    {
        var text = "Hi {{ name }}\n{% for person in people %}\n- {{ person.name }}\n{% if person.role %}\n  ({{ person.role }})\n{% endif %}\n{% endfor %}\n{% unless present %}\nabsent\n{% endunless %}\nend";
        var model = new SampleModel
        {
            Name = "Ada",
            Present = false,
            People = [new SamplePerson { Name = "Grace", Role = "Admiral" }, new SamplePerson { Name = "Alan", Role = null }],
        };

        Assert.Equal("Hi Ada\n- Grace\n  (Admiral)\n- Alan\nabsent\nend", SampleTemplates.Render(text, model));
    }

    [Fact]
    public void Render_Html_EncodesValues()
    {
        Assert.Equal(
            "<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>",
            SampleTemplates.Render("<p>{{ name }}</p>", new SampleModel { Name = "<script>alert(\"x\")</script>" }, html: true));
    }

    [Fact]
    public void Render_PlainText_IsNotEncoded()
    {
        Assert.Equal("<b>Tom & 'Jerry'</b>", SampleTemplates.Render("{{ name }}", new SampleModel { Name = "<b>Tom & 'Jerry'</b>" }));
    }

    /// <summary>The rule Templates/README.txt gives organisers: a tag alone on its line leaves no line behind.</summary>
    [Fact]
    public void Render_TagsAloneOnTheirLines_LeaveNoBlankLines()
    {
        var text = "a\n\n{% if present %}\nshown\n{% endif %}\n\nb\n   {% if name %}   \n  indented\n{% endif %}\nc";

        Assert.Equal("a\n\n\nb\n  indented\nc", SampleTemplates.Render(text, new SampleModel { Name = "x", Present = false }));
        Assert.Equal("a\n\nshown\n\nb\nc", SampleTemplates.Render(text, new SampleModel { Name = null, Present = true }));
    }

    /// <summary>Why Templates/README.txt asks for tags on lines of their own.</summary>
    [Fact]
    public void Render_TagInMidSentence_TakesTheSpacesNextToIt()
    {
        Assert.Equal("abc", SampleTemplates.Render("a {% if name %} b {% endif %} c", new SampleModel { Name = "x" }));
    }

    /// <summary>Liquid counts "" as true, so the models give null for a detail a person did not share.</summary>
    [Fact]
    public void Render_EmptyTextIsTrueInLiquid_SoTheModelsUseNull()
    {
        var text = "{% if name %}\nyes\n{% else %}\nno\n{% endif %}";

        Assert.Equal("yes\n", SampleTemplates.Render(text, new SampleModel { Name = "" }));
        Assert.Equal("no\n", SampleTemplates.Render(text, new SampleModel { Name = null }));
        Assert.Null(new PersonModel(new PersonDetails(1, "p1", "a@example.org", "Ada", "", "", "", "", "")).Phone);
    }

    [Fact]
    public void ShippedTemplates_AllLoadWithoutProblems()
    {
        var templates = EmailTemplates.Load(EmailTemplates.DefaultDirectory);

        foreach (var kind in EmailModel.Types.Keys)
        {
            Assert.NotNull(templates[kind]);
        }
    }

    [Fact]
    public void Load_UnknownPlaceholder_OneLineNamingFileLineAndPlaceholder()
    {
        var folder = CopyOfDefaults();
        File.AppendAllText(Path.Combine(folder, "satOut.txt"), "\nSee you, {{firstName}}.\n");

        var error = Assert.Throws<ConfigurationException>(() => EmailTemplates.Load(folder));

        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("Unmentoring:Mail:TemplateDirectory", error.Message, StringComparison.Ordinal);
        Assert.Matches(@"satOut\.txt line \d+ uses \{\{firstName\}\}, which is not a placeholder here; use one of .*\{\{recipientName\}\}", error.Message);
    }

    [Fact]
    public void Load_OldMustacheSyntax_OneLineNamingFileAndLine()
    {
        var folder = CopyOfDefaults();
        File.WriteAllText(Path.Combine(folder, "unmatched.txt"), "Hello {{ recipientName }},\n{{#rules}}\n- {{rule}}\n{{/rules}}\n");

        var error = Assert.Throws<ConfigurationException>(() => EmailTemplates.Load(folder));

        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("unmatched.txt line 2 is not valid Liquid: A value was expected at column 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingTemplate_OneLineNamingTheFile()
    {
        var folder = CopyOfDefaults();
        File.Delete(Path.Combine(folder, "introduction.html"));

        var error = Assert.Throws<ConfigurationException>(() => EmailTemplates.Load(folder));

        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("introduction.html is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFileAndUnknownPlaceholder_OneLineNamingBoth()
    {
        var folder = CopyOfDefaults();
        File.Delete(Path.Combine(folder, "manageLink.txt"));
        File.AppendAllText(Path.Combine(folder, "introduction.txt"), "{% for person in others %}\n{{ person.rol }}\n{% endfor %}\n");

        var error = Assert.Throws<ConfigurationException>(() => EmailTemplates.Load(folder));

        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("manageLink.txt is missing", error.Message, StringComparison.Ordinal);
        Assert.Matches(@"introduction\.txt line \d+ uses \{\{person\.rol\}\}, which is not a placeholder here; use one of .*\{\{person\.role\}\}", error.Message);
    }

    [Fact]
    public void Load_SubjectOnTwoLines_IsAProblem()
    {
        var folder = CopyOfDefaults();
        File.WriteAllText(Path.Combine(folder, "manageLink.subject.txt"), "Your link\nBcc: someone@example.org\n");

        var error = Assert.Throws<ConfigurationException>(() => EmailTemplates.Load(folder));

        Assert.Contains("manageLink.subject.txt must be one line", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Service_BrokenTemplate_StopsWithOneConfigurationLine()
    {
        var folder = CopyOfDefaults();
        File.AppendAllText(Path.Combine(folder, "introduction.html"), "<p>{{unknownThing}}</p>");
        var data = Directory.CreateTempSubdirectory("unmentoring-config-").FullName;

        var result = await ServiceProcess.RunAsync(["migrate"], new Dictionary<string, string?>
        {
            ["Unmentoring__DataDirectory"] = data,
            ["Unmentoring__Mail__TemplateDirectory"] = folder,
        });

        Assert.Equal(3, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Configuration error: the email templates in ", line, StringComparison.Ordinal);
        Assert.Contains("introduction.html line ", line, StringComparison.Ordinal);
        Assert.Contains("{{unknownThing}}", line, StringComparison.Ordinal);
    }

    private static string CopyOfDefaults()
    {
        var folder = Directory.CreateTempSubdirectory("unmentoring-templates-").FullName;
        foreach (var file in Directory.GetFiles(EmailTemplates.DefaultDirectory))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        return folder;
    }
}

/// <summary>Parses a template against a model type, as <see cref="EmailTemplates"/> does, and renders it with the same options.</summary>
internal static class SampleTemplates
{
    public static IFluidTemplate Parse(string text, Type model, out List<string> problems, string fileName = "t.txt")
    {
        problems = [];
        var template = EmailTemplates.Parse(fileName, text, model, problems);
        Assert.True(template is not null || problems.Count > 0);
        return template!;
    }

    public static string Render<TModel>(string text, TModel model, bool html = false)
        where TModel : class
    {
        var template = Parse(text, typeof(TModel), out var problems);
        Assert.Empty(problems);
        return template.Render(new TemplateContext(model, EmailTemplates.Options), html ? EmailTemplates.Html : NullEncoder.Default);
    }
}

internal sealed class SampleModel
{
    public string? Name { get; init; }

    public bool Present { get; init; }

    public IReadOnlyList<SamplePerson> People { get; init; } = [];
}

internal sealed class SamplePerson
{
    public string? Name { get; init; }

    public string? Role { get; init; }
}
