using Unmentoring.Mail;
using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Mail;

public sealed class EmailTemplatesTests
{
    private static readonly TemplateFields Fields = new(["name", "present"], new Dictionary<string, TemplateFields> { ["people"] = new(["name", "role"]) });

    [Fact]
    public void Render_ValuesSectionsAndInvertedSections()
    {
        var template = EmailTemplate.Parse("t.txt", "Hi {{ name }}\n{{#people}}\n- {{name}}{{#role}} ({{role}}){{/role}}\n{{/people}}\n{{^present}}\nabsent\n{{/present}}\nend", Fields, html: false, out var problems);
        var model = new TemplateModel
        {
            ["name"] = "Ada",
            ["present"] = false,
            ["people"] = new List<TemplateModel> { new() { ["name"] = "Grace", ["role"] = "Admiral" }, new() { ["name"] = "Alan", ["role"] = null } },
        };

        Assert.Empty(problems);
        Assert.Equal("Hi Ada\n- Grace (Admiral)\n- Alan\nabsent\nend", template.Render(model));
    }

    [Fact]
    public void Render_Html_EncodesValues()
    {
        var template = EmailTemplate.Parse("t.html", "<p>{{name}}</p>", Fields, html: true, out _);

        Assert.Equal("<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>", template.Render(new TemplateModel { ["name"] = "<script>alert(\"x\")</script>" }));
    }

    [Theory]
    [InlineData("Hello {{nmae}}", "t.txt line 1 uses {{nmae}}, which is not a placeholder here")]
    [InlineData("a\n{{#people}}{{rol}}{{/people}}", "t.txt line 2 uses {{rol}}")]
    [InlineData("{{role}}", "t.txt line 1 uses {{role}}, which is not a placeholder here")]
    [InlineData("{{#people}} never closed", "t.txt line 1 opens {{#people}} but never closes it")]
    [InlineData("{{/people}}", "t.txt line 1 closes {{/people}} but no section is open")]
    [InlineData("{{name", "t.txt line 1 has a {{ with no }}")]
    [InlineData("{{people}}", "t.txt line 1 uses {{people}} as a value, but it is a list")]
    public void Parse_Mistakes_AreNamedWithFileAndLine(string text, string expected)
    {
        EmailTemplate.Parse("t.txt", text, Fields, html: false, out var problems);

        Assert.Contains(problems, p => p.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void ShippedTemplates_AllLoadWithoutProblems()
    {
        var templates = EmailTemplates.Load(EmailTemplates.DefaultDirectory, TemplateEmailComposer.Fields);

        foreach (var kind in TemplateEmailComposer.Fields.Keys)
        {
            Assert.NotNull(templates[kind].Html);
        }
    }

    [Fact]
    public void Load_UnknownPlaceholder_OneLineNamingFileLineAndPlaceholder()
    {
        var folder = CopyOfDefaults();
        File.AppendAllText(Path.Combine(folder, "satOut.txt"), "\nSee you, {{firstName}}.\n");

        var error = Assert.Throws<ConfigurationException>(() => EmailTemplates.Load(folder, TemplateEmailComposer.Fields));

        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("Unmentoring:Mail:TemplateDirectory", error.Message, StringComparison.Ordinal);
        Assert.Matches(@"satOut\.txt line \d+ uses \{\{firstName\}\}, which is not a placeholder here; use one of .*\{\{recipientName\}\}", error.Message);
    }

    [Fact]
    public void Load_MissingTemplate_OneLineNamingTheFile()
    {
        var folder = CopyOfDefaults();
        File.Delete(Path.Combine(folder, "introduction.html"));

        var error = Assert.Throws<ConfigurationException>(() => EmailTemplates.Load(folder, TemplateEmailComposer.Fields));

        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("introduction.html is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SubjectOnTwoLines_IsAProblem()
    {
        var folder = CopyOfDefaults();
        File.WriteAllText(Path.Combine(folder, "manageLink.subject.txt"), "Your link\nBcc: someone@example.org\n");

        var error = Assert.Throws<ConfigurationException>(() => EmailTemplates.Load(folder, TemplateEmailComposer.Fields));

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
