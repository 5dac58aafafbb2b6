using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Unmentoring.Reports.Network;
using Unmentoring.Rounds;

namespace Unmentoring.Web.Pages.Organise;

/// <summary>
/// Who met whom: one round's groups (or every round's) drawn as an SVG network on the server, nodes coloured by
/// organisation and lines by what the group said, then the same pairs as a table, a page at a time
/// (docs/adr/0033-network-drawing.md).
/// </summary>
internal sealed class ReportsNetworkModel(NetworkStore store) : PageModel
{
    /// <summary>What <c>period</c> says for every round together, and what the page shows without one.</summary>
    public const string AllRounds = "all";

    public const int PairsPerPage = 500;

    /// <summary>Every round, newest first, to choose from.</summary>
    public IReadOnlyList<Period> Periods { get; private set; } = [];

    /// <summary>The round shown, or null for all rounds.</summary>
    public Period? Round { get; private set; }

    public string Chosen => Round?.ToString() ?? AllRounds;

    public string Heading => Round is { } period ? $"Who met whom in the {period.MonthName} round" : "Who met whom in all rounds";

    public MeetingNetwork Network { get; private set; } = new([], []);

    public IReadOnlyDictionary<long, NetworkPerson> People { get; private set; } = new Dictionary<long, NetworkPerson>();

    public NetworkDrawing? Drawing { get; private set; }

    /// <summary>The drawing as SVG markup, escaped by <see cref="NetworkSvg"/>, to put in the page as it is.</summary>
    public string? Svg { get; private set; }

    public int PageNumber { get; private set; } = 1;

    public int PageCount => Math.Max(1, (Network.Pairs.Count + PairsPerPage - 1) / PairsPerPage);

    public IEnumerable<NetworkPair> PagePairs => Network.Pairs.Skip((PageNumber - 1) * PairsPerPage).Take(PairsPerPage);

    public async Task<IActionResult> OnGetAsync(string? period, int? pageNumber, CancellationToken cancellationToken)
    {
        Periods = await store.PeriodsAsync(cancellationToken);
        if (!string.IsNullOrEmpty(period) && period != AllRounds)
        {
            if (!Period.TryParse(period, out var parsed) || !Periods.Contains(parsed))
            {
                return NotFound();
            }

            Round = parsed;
        }

        Network = await store.LoadAsync(Round, cancellationToken);
        People = Network.People.ToDictionary(p => p.Id);
        PageNumber = Math.Clamp(pageNumber ?? 1, 1, PageCount);
        if (Network.Pairs.Count > 0)
        {
            Drawing = NetworkLayout.Draw(Network, Heading);
            Svg = NetworkSvg.Write(Drawing);
        }

        return Page();
    }

    /// <summary>The key's words for a result's line: colour and dash pattern both, so neither is needed alone.</summary>
    public static string KeyText(MeetingResult result) => result switch
    {
        MeetingResult.Met => "Met: a solid black line",
        MeetingResult.CouldNotMeet => "Couldn't meet: a dashed red line",
        _ => "Not known: a dotted grey line",
    };

    public string PageLink(int number) => $"/organise/reports/network?period={Chosen}&pageNumber={number}#pairs";
}
