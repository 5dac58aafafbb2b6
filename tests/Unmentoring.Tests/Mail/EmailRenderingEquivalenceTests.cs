using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Fluid;
using Unmentoring.Mail;

namespace Unmentoring.Tests.Mail;

/// <summary>
/// Rendering against a plain statement of what it must do: HTML values written by the framework's encoder
/// and read back by a browser as the text itself, the header check, and loops nested deeper than anyone
/// writes them.
/// </summary>
public sealed class EmailRenderingEquivalenceTests
{
    private static readonly string Awkward = "aZ09 <>&\"' \t\r\n\f\v\u0085\u2028\u2029\u00A0\u00E9\u00FF\u0100\u2013;,\\:{}\u0000\u001F\u007F\u009F\uD83D\uDE00\uD800x\uDC00";

    public static TheoryData<int> Seeds => [1, 2, 3, 4, 5, 6, 7, 8];

    private static readonly HtmlEncoder FrameworkEncoder = HtmlEncoder.Create(UnicodeRanges.All);

    [Theory]
    [MemberData(nameof(Seeds))]
    public void HtmlValues_AreEncodedByTheFrameworkEncoder_AndReadBackAsTheText(int seed)
    {
        var template = SampleTemplates.Parse("<p>{{ name }}</p>", typeof(SampleModel), out _);
        foreach (var text in Texts(seed))
        {
            AssertEncoded(text, RenderHtml(template, text));
        }
    }

    [Fact]
    public void HtmlValues_EveryCharacterAlone_IsEncodedByTheFrameworkEncoder_AndReadBackAsTheText()
    {
        var template = SampleTemplates.Parse("<p>{{ name }}</p>", typeof(SampleModel), out _);
        for (var c = 0; c <= char.MaxValue; c++)
        {
            var text = "a" + (char)c + "b";
            AssertEncoded(text, RenderHtml(template, text));
        }
    }

    [Fact]
    public void HeaderSafety_RejectsExactlyTheControlCharacters()
    {
        for (var c = 0; c <= char.MaxValue; c++)
        {
            var text = "Ada " + (char)c;
            var rejected = Record.Exception(() => HeaderSafety.Require(text, "a name")) is ArgumentException;

            Assert.Equal(char.IsControl((char)c), rejected);
        }
    }

    [Fact]
    public void Loops_NestedDeeply_FindValuesInEveryScope()
    {
        const int depth = 12;
        var text = new StringBuilder("{{ top }}");
        text.Append("{% for level1 in levels %}[{{ level1.value }}");
        for (var level = 2; level <= depth; level++)
        {
            text.Append($"{{% for level{level} in level{level - 1}.levels %}}[{{{{ level{level}.value }}}}");
        }

        text.Append("{{ top }}");
        for (var level = depth; level >= 1; level--)
        {
            text.Append("]{% endfor %}");
        }

        var model = new NestedLevel { Top = "T" };
        var inner = model;
        for (var level = 1; level <= depth; level++)
        {
            var item = new NestedLevel { Value = level.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            inner.Levels = [item];
            inner = item;
        }

        Assert.Equal("T[1[2[3[4[5[6[7[8[9[10[11[12T]]]]]]]]]]]]", SampleTemplates.Render(text.ToString(), model));
    }

    private static string RenderHtml(IFluidTemplate template, string text) =>
        template.Render(new TemplateContext(new SampleModel { Name = text }, EmailTemplates.Options), EmailTemplates.Html);

    /// <summary>Exactly the framework's encoder, nothing that markup could break out of, and the text itself when a browser reads it.</summary>
    private static void AssertEncoded(string text, string html)
    {
        Assert.Equal("<p>" + FrameworkEncoder.Encode(text) + "</p>", html);
        var value = html[3..^4];
        Assert.True(value.AsSpan().IndexOfAny("<>\"'") < 0, value);
        Assert.Equal(WithoutLoneSurrogates(text), WebUtility.HtmlDecode(value));
    }

    /// <summary>A lone surrogate is not text; the encoder writes U+FFFD for it, as a browser would show it.</summary>
    private static string WithoutLoneSurrogates(string text)
    {
        var output = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                output.Append(text, i, 2);
                i++;
            }
            else
            {
                output.Append(char.IsSurrogate(text[i]) ? '\uFFFD' : text[i]);
            }
        }

        return output.ToString();
    }

    private static IEnumerable<string> Texts(int seed)
    {
        var random = new Random(seed);
        for (var n = 0; n < 300; n++)
        {
            var length = random.Next(0, 200);
            var chars = new char[length];
            for (var i = 0; i < length; i++)
            {
                chars[i] = random.Next(4) == 0 ? (char)random.Next(0, 0x3000) : Awkward[random.Next(Awkward.Length)];
            }

            yield return new string(chars);
        }
    }

    private sealed class NestedLevel
    {
        public string? Top { get; init; }

        public string? Value { get; init; }

        public IReadOnlyList<NestedLevel> Levels { get; set; } = [];
    }
}
