using System.CommandLine;
using Unmentoring.Hosting;
using Unmentoring.Mail;
using Unmentoring.Participants;
using Unmentoring.Rounds;

namespace Unmentoring.Cli;

/// <summary>The whole job in one command, for a newcomer: made-up people, a round, the emails on disk.</summary>
internal sealed class DemoCommand : CliCommand
{
    private static readonly string[] FirstNames =
    [
        "Amara", "Ben", "Chloe", "Dev", "Efua", "Finn", "Grace", "Hamza", "Isla", "Jonah", "Kemi", "Liam", "Maya", "Niall",
        "Olu", "Priya", "Quinn", "Rosa", "Sami", "Tess", "Umar", "Vera", "Wyn", "Xander", "Yasmin", "Zac",
    ];

    private static readonly string[] Surnames = ["Adeyemi", "Brown", "Chen", "Davies", "Evans", "Fraser", "Gill", "Hughes", "Iqbal", "Jones", "Khan", "Lewis", "Murphy"];

    private static readonly (string Name, string Domain)[] Organisations =
    [
        ("Borsetshire County Council", "borsetshire.example"),
        ("Ambridge Parish Council", "ambridge.example"),
        ("Felpersham City Council", "felpersham.example"),
        ("Loxley Barrett District Council", "loxley.example"),
        ("Hollerton Housing Trust", "hollerton.example"),
        ("Midsomer Fire and Rescue", "midsomer-fire.example"),
        ("Casterbridge Borough Council", "casterbridge.example"),
        ("Wessex Digital Partnership", "wessex-digital.example"),
        ("Middlemarch Library Service", "middlemarch.example"),
        ("Barchester Health Board", "barchester.example"),
    ];

    private static readonly string[] Roles = ["Service designer", "Head of digital", "Housing officer", "User researcher", "Developer", "Policy adviser", "Librarian", "Data analyst"];

    public override IReadOnlyList<string> Path => ["demo"];

    public override string Summary => "Add made-up people, run a round and write its emails to a folder: the whole job in one go.";

    public override string Description => """
        Shows a newcomer what the service does, on the embedded defaults and away from any real data:
        it makes a fresh SQLite database in the 'demo' folder inside the data folder, adds made-up
        participants from made-up organisations (a few paused, skipping or taking part less often),
        runs the next scheduled round and writes every email as an .eml file that any mail program opens.
        Running it again starts the demo afresh.
        """;

    private readonly Option<int?> _people = CliValues.WholeNumber("--people", "N", "How many made-up participants (default 41, from 2 to 500).");

    public override IReadOnlyList<Symbol> Parameters => [_people];

    public override async Task<int> RunAsync(ParseResult args, CliContext context, CancellationToken cancellationToken)
    {
        var count = args.GetValue(_people) ?? 41;
        if (count is < 2 or > 500)
        {
            throw new CliUsageException("--people must be a whole number from 2 to 500.");
        }

        // The data folder as the service sees it (appsettings.json, environment, then the caller's settings),
        // read without opening the real database.
        string folder;
        using (var configured = UnmentoringHost.Build(context))
        {
            folder = System.IO.Path.Combine(configured.Checked().GetRequiredService<Microsoft.Extensions.Options.IOptions<UnmentoringOptions>>().Value.DataPath, "demo");
        }
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        var settings = new Dictionary<string, string?>(context.Settings)
        {
            ["Unmentoring:DataDirectory"] = folder,
            ["ConnectionStrings:Postgres"] = "",
            ["Unmentoring:Smtp:Host"] = "",
        };
        using var host = await CommandHost.OpenAsync(new CliContext(context.Output, context.Error, settings, context.Time), cancellationToken);
        var store = host.Get<ParticipantStore>();
        var now = context.Time.GetUtcNow().UtcDateTime;

        // The demo runs the next round the schedule would run, as the people in it would receive it.
        var rules = (await host.Get<RulesStore>().CurrentAsync(cancellationToken)).Rules;
        var next = RoundScheduling.TriggerFor(rules).GetFireTimeAfter(context.Time.GetUtcNow()) ?? context.Time.GetUtcNow();
        var today = RoundScheduling.RoundDate(rules, next);
        var random = new Random(20261207);
        for (var i = 0; i < count; i++)
        {
            var (organisation, domain) = Organisations[i % Organisations.Length];
            var first = FirstNames[i % FirstNames.Length];
            var last = Surnames[(i / FirstNames.Length + i) % Surnames.Length];
            var person = await store.AddAsync(new Participant
            {
                PublicId = "",
                Email = $"{first}.{last}{(i >= FirstNames.Length ? (i / FirstNames.Length).ToString(System.Globalization.CultureInfo.InvariantCulture) : "")}@{domain}".ToLowerInvariant(),
                Name = $"{first} {last}",
                Organisation = organisation,
                Role = Roles[random.Next(Roles.Length)],
                Intro = $"I work on {(i % 3 == 0 ? "housing" : i % 3 == 1 ? "libraries" : "adult social care")} at {organisation} and I'd like to hear how others do it.",
                Video = i % 4 == 0 ? "Teams or Zoom, whichever suits" : null,
                Cadence = i % 9 == 4 ? Cadence.TwoMonthly : Cadence.Monthly,
                SkipPeriod = i == 7 ? Period.Of(today).ToString() : null,
                Status = ParticipantStatus.Active,
                ConsentBasis = "demo",
                ConsentTextVersion = "demo",
                ConsentAt = now,
                ConfirmedAt = now,
            }, cancellationToken: cancellationToken);
            if (i == 5)
            {
                await store.ChangeStatusAsync(person.Id, ParticipantStatus.Paused, today.AddMonths(2), cancellationToken: cancellationToken);
            }
        }

        var period = Period.Of(today);
        var run = await host.Get<RoundService>().RunAsync(period, today, "demo", cancellationToken);
        var dispatch = host.Get<OutboxDispatch>();
        var sent = 0;
        for (var pass = 0; pass < 1000; pass++)
        {
            var summary = await dispatch.RunOnceAsync(cancellationToken);
            sent += summary.Sent;
            if (summary.Claimed == 0)
            {
                break;
            }
        }

        var mailFolder = ((PickupFolderTransport)host.Get<IMailTransport>()).Folder;
        var example = Directory.GetFiles(mailFolder, "*.eml").Order(StringComparer.Ordinal).FirstOrDefault();
        var round = run.Round;
        var output = context.Output;
        await output.WriteLineAsync($"Added {count} made-up participants from {Math.Min(count, Organisations.Length)} organisations and ran the {period.MonthName} round:");
        await output.WriteLineAsync($"  {round.Groups.Count} groups ({round.Groups.Count(g => g.Count == 3)} of three), {round.Outcomes.Count(o => o.Outcome == RoundOutcome.SatOut)} sat out, {round.Outcomes.Count(o => o.Outcome == RoundOutcome.Unmatched)} unmatched;");
        foreach (var group in round.Outcomes.Where(o => o.Outcome is not (RoundOutcome.Paired or RoundOutcome.SatOut or RoundOutcome.Unmatched)).GroupBy(o => o.Outcome))
        {
            await output.WriteLineAsync($"  {group.Count()} {group.Key.ToCode()}: {group.First().Reason}");
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync($"{sent} emails were written to {mailFolder}");
        if (example is not null)
        {
            await output.WriteLineAsync($"Open one with any mail program, for example {example}");
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync("To look around the demo data, point the other commands at it, for example:");
        await output.WriteLineAsync($"  Unmentoring__DataDirectory={folder} unmentoring round show {period}");
        return ExitCodes.Ok;
    }
}
