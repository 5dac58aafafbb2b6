using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using Unmentoring.Hosting;
using Unmentoring.Mail;
using Unmentoring.Participants;

namespace Unmentoring.Benchmarks;

/// <summary>
/// What rendering one introduction costs (a round renders one per person, a trio for the odd one out), and
/// one signed link alone (four per introduction). <see cref="IntroductionTemplates"/> is the templates'
/// share alone (Fluid: subject, text and HTML from a ready model), without links, headers and the .ics.
/// See docs/benchmarks.md.
/// </summary>
[MemoryDiagnoser]
public class ComposerBenchmarks
{
    private TemplateEmailComposer _composer = null!;
    private ParticipantLinks _links = null!;
    private IntroductionEmail _email = null!;
    private IntroductionEmail _trio = null!;
    private EmailTemplateSet _introductionTemplates = null!;
    private IntroductionModel _model = null!;

    [GlobalSetup]
    public void Setup()
    {
        var scheme = Options.Create(new UnmentoringOptions { PublicBaseUrl = "https://unmentoring.example.org" });
        var templates = EmailTemplates.Load(EmailTemplates.DefaultDirectory);
        _links = new ParticipantLinks(LinkSigningKey.Ephemeral(), scheme, TimeProvider.System);
        _composer = new TemplateEmailComposer(templates, _links, scheme, TimeProvider.System);
        var ada = new PersonDetails(1, Guid.NewGuid().ToString(), "ada@camden.example", "Ada Lovelace", "Camden Council", "Analyst", "I like engines.", null, "Teams");
        var grace = new PersonDetails(2, Guid.NewGuid().ToString(), "grace@leeds.example", "Grace Hopper", "Leeds City Council", "Developer", "I like compilers.", "0113 496 0000", null);
        var alan = new PersonDetails(3, Guid.NewGuid().ToString(), "alan@bletchley.example", "Alan Turing", null, "Researcher", "Machines & minds.", null, null);
        _email = new IntroductionEmail("2027-01", 7, ada, [grace], ada, new DateOnly(2027, 1, 4), new DateOnly(2027, 1, 31));
        _trio = new IntroductionEmail("2027-01", 7, grace, [ada, alan], ada, new DateOnly(2027, 1, 4), new DateOnly(2027, 1, 31));
        _introductionTemplates = templates[EmailKind.Introduction];
        _model = new IntroductionModel
        {
            SchemeName = "UnMentoring",
            OrganiserEmail = "organisers@unmentoring.example.org",
            RecipientName = ada.Name,
            ManageUrl = _links.ManageUrl(ada.PublicId),
            PauseUrl = _links.ManageUrl(ada.PublicId) + "/pause",
            SkipUrl = _links.ManageUrl(ada.PublicId) + "/skip",
            UnsubscribeUrl = _links.UnsubscribeUrl(ada.PublicId),
            Month = "January 2027",
            MeetFrom = "Monday 4 January 2027",
            MeetBy = "Sunday 31 January 2027",
            ProposedSlot = "Tuesday 5 January 2027, 10:00 to 10:30 UK time",
            ArrangerName = ada.Name,
            YouArrange = true,
            OthersNames = grace.Name,
            Others = [new PersonModel(grace)],
        };
    }

    [Benchmark]
    public int Introduction() => _composer.Compose(_email).TextBody.Length;

    [Benchmark]
    public int IntroductionTrio() => _composer.Compose(_trio).TextBody.Length;

    [Benchmark]
    public int IntroductionTemplates() => _introductionTemplates.Render(_model).Html.Length;

    [Benchmark]
    public string ManageLink() => _links.ManageUrl("3f2504e0-4f89-11d3-9a0c-0305e82c3301", "pause");
}
