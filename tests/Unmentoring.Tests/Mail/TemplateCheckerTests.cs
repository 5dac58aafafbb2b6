using Unmentoring.Mail;

namespace Unmentoring.Tests.Mail;

/// <summary>
/// Every mistake an organiser can make in a template copy is found when the templates load, named with the
/// file and the line, whichever branch it sits in.
/// </summary>
public sealed class TemplateCheckerTests
{
    [Theory]
    [InlineData("Hello {{ nmae }}", "t.txt line 1 uses {{nmae}}, which is not a placeholder here; use one of {{name}}, {{people}}, {{present}}")]
    [InlineData("a\n{% for person in people %}{{ person.rol }}{% endfor %}", "t.txt line 2 uses {{person.rol}}, which is not a placeholder here; use one of {{person.name}}, {{person.role}}")]
    [InlineData("{{ role }}", "t.txt line 1 uses {{role}}, which is not a placeholder here")]
    [InlineData("{{ name.first }}", "t.txt line 1 uses {{name.first}}, which is not a placeholder here; {{name}} has no parts")]
    [InlineData("{{ people.count }}", "t.txt line 1 uses {{people.count}}, which is not a placeholder here; use one of {{people.size}}, {{people.first}}, {{people.last}}")]
    [InlineData("{{ person.name }}", "t.txt line 1 uses {{person.name}}, which is not a placeholder here")]
    [InlineData("{% for person in people %} never closed", "t.txt line 1 is not valid Liquid: '{% endfor %}' was expected")]
    [InlineData("{% endfor %}", "t.txt line 1 is not valid Liquid: Unknown tag 'endfor'")]
    [InlineData("{{ name", "t.txt line 1 is not valid Liquid: End of tag '}}' was expected")]
    [InlineData("{{#people}}{{/people}}", "t.txt line 1 is not valid Liquid: A value was expected")]
    [InlineData("{{ people }}", "t.txt line 1 uses {{people}} as a value, but it is a list")]
    [InlineData("{% for person in people %}{{ person }}{% endfor %}", "t.txt line 1 uses {{person}} as a value, but it has parts: use one of {{person.name}}, {{person.role}}")]
    [InlineData("{{ name | upcsae }}", "t.txt line 1 uses the filter upcsae, which Liquid does not have")]
    [InlineData("{% include 'footer' %}", "t.txt line 1 uses {% include %}, but a template cannot include another file")]
    [InlineData("{% render 'footer' %}", "t.txt line 1 uses {% render %}, but a template cannot include another file")]
    [InlineData("{% if nmae %}\nx\n{% endif %}", "t.txt line 1 uses {{nmae}}, which is not a placeholder here")]
    [InlineData("{% for person in people %}\n{% endfor %}\n{{ person.name }}", "t.txt line 3 uses {{person.name}}, which is not a placeholder here")]
    public void Parse_Mistakes_AreNamedWithFileAndLine(string text, string expected)
    {
        SampleTemplates.Parse(text, typeof(SampleModel), out var problems);

        Assert.Contains(problems, p => p.StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{{ name | upcase }} {{ people.size }} {{ people.first.name }} {{ name.size }}")]
    [InlineData("{% for person in people %}{{ forloop.index }}: {{ person.name }}{% if forloop.last %}.{% endif %}{% endfor %}")]
    [InlineData("{% assign who = name | downcase %}{{ who }} {% capture greeting %}Hi {{ who }}{% endcapture %}{{ greeting }}")]
    [InlineData("{% for i in (1..3) %}{{ i }}{% endfor %} {{ people[0].role }}")]
    [InlineData("{% for person in people %}{% assign last = person.name %}{% endfor %}{{ last }}")]
    public void Parse_WhatLiquidOffers_IsAccepted(string text)
    {
        SampleTemplates.Parse(text, typeof(SampleModel), out var problems);

        Assert.Empty(problems);
    }

    /// <summary>
    /// Lines come from Fluid's statement locations, marked experimental in Fluid 3.0: if an update moves
    /// them, this says so before an organiser is sent to the wrong line.
    /// </summary>
    [Fact]
    public void Parse_EveryProblem_HasTheLineItIsOn()
    {
        var text = string.Join('\n',
            "Hello {{ nmae }},",                            // 1
            "",                                             // 2
            "{% if present %}",                             // 3
            "  {{ name }} and {{ persons }}",               // 4
            "{% elsif name == 'x' %}",                      // 5
            "{% else %}",                                   // 6
            "  {{ name | nosuch }}",                        // 7
            "{% endif %}",                                  // 8
            "{% for person in people %}",                   // 9
            "{% if person.rol %}",                          // 10
            "{{ person.name }}",                            // 11
            "{% endif %}",                                  // 12
            "{{ person.nmae }}",                            // 13
            "{% endfor %}",                                 // 14
            "{% unless absent %}",                          // 15
            "{% endunless %}",                              // 16
            "{{ people }}");                                // 17

        SampleTemplates.Parse(text, typeof(SampleModel), out var problems);

        string[] expected =
        [
            "t.txt line 1 uses {{nmae}}, ",
            "t.txt line 4 uses {{persons}}, ",
            "t.txt line 7 uses the filter nosuch, ",
            "t.txt line 10 uses {{person.rol}}, ",
            "t.txt line 13 uses {{person.nmae}}, ",
            "t.txt line 15 uses {{absent}}, ",
            "t.txt line 17 uses {{people}} as a value",
        ];
        Assert.Equal(expected.Length, problems.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.StartsWith(expected[i], problems[i], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ShippedTemplates_LinesOfAMistakeInsideALoopAndACondition()
    {
        var text = File.ReadAllText(Path.Combine(EmailTemplates.DefaultDirectory, "introduction.html"))
            .Replace("{{ person.phone }}", "{{ person.phon }}", StringComparison.Ordinal);
        var line = 1 + text[..text.IndexOf("{{ person.phon }}", StringComparison.Ordinal)].Count(c => c == '\n');

        SampleTemplates.Parse(text, typeof(IntroductionModel), out var problems, "introduction.html");

        var problem = Assert.Single(problems);
        Assert.StartsWith($"introduction.html line {line} uses {{{{person.phon}}}}, which is not a placeholder here; use one of ", problem, StringComparison.Ordinal);
        Assert.Contains("{{person.phone}}", problem, StringComparison.Ordinal);
    }
}
