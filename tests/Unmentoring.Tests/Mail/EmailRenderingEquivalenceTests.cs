using System.Net;
using System.Text;
using Unmentoring.Mail;

namespace Unmentoring.Tests.Mail;

/// <summary>
/// The fast paths of rendering against the simple code they replaced: HTML encoding, the header check
/// and scopes nested deeper than the renderer keeps on the stack.
/// </summary>
public sealed class EmailRenderingEquivalenceTests
{
    private static readonly string Awkward = "aZ09 <>&\"' \t\r\n\f\v\u0085\u2028\u2029\u00A0\u00E9\u00FF\u0100\u2013;,\\:{}\u0000\u001F\u007F\u009F\uD83D\uDE00\uD800x\uDC00";

    public static TheoryData<int> Seeds => [1, 2, 3, 4, 5, 6, 7, 8];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void HtmlValues_AreEncodedExactlyAsWebUtilityDoes(int seed)
    {
        foreach (var text in Texts(seed))
        {
            var output = new StringBuilder();
            EmailTemplate.AppendHtml(text, output);

            Assert.Equal(WebUtility.HtmlEncode(text), output.ToString());
        }
    }

    [Fact]
    public void HtmlValues_EveryCharacterAloneIsEncodedAsWebUtilityDoes()
    {
        for (var c = 0; c <= char.MaxValue; c++)
        {
            var text = "a" + (char)c + "b";
            var output = new StringBuilder();
            EmailTemplate.AppendHtml(text, output);

            Assert.Equal(WebUtility.HtmlEncode(text), output.ToString());
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
    public void Sections_NestedDeeperThanTheStackKeepsFindValuesInEveryScope()
    {
        const int depth = 12;
        var fields = new TemplateFields(["v"]);
        for (var level = 0; level < depth; level++)
        {
            fields = new TemplateFields(["v"], new Dictionary<string, TemplateFields> { ["l"] = fields });
        }

        var text = new StringBuilder("{{top}}");
        for (var level = 0; level < depth; level++)
        {
            text.Append("{{#l}}[{{v}}");
        }

        text.Append("{{top}}");
        for (var level = 0; level < depth; level++)
        {
            text.Append("]{{/l}}");
        }

        var template = EmailTemplate.Parse("t.txt", text.ToString(), new TemplateFields(["top"], new Dictionary<string, TemplateFields> { ["l"] = fields }), html: false, out var problems);
        Assert.Empty(problems);

        var model = new TemplateModel { ["top"] = "T" };
        var inner = model;
        for (var level = 1; level <= depth; level++)
        {
            var item = new TemplateModel { ["v"] = level.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            inner["l"] = new List<TemplateModel> { item };
            inner = item;
        }

        Assert.Equal("T[1[2[3[4[5[6[7[8[9[10[11[12T]]]]]]]]]]]]", template.Render(model));
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
}
