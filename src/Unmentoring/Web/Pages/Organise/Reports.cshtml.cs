using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Unmentoring.Reports;

namespace Unmentoring.Web.Pages.Organise;

/// <summary>
/// The scheme's figures as charts drawn on the server (<see cref="SchemeReportCharts"/>), each followed by its
/// table and a link to the same table as CSV, the file <c>report --csv --table NAME</c> prints.
/// </summary>
internal sealed class ReportsModel(SchemeReportReader reader) : PageModel
{
    public const string Path = "/organise/reports";

    /// <summary>The who-met-whom network, a page of its own.</summary>
    public const string NetworkPath = "/organise/reports/network";

    public SchemeReport Report { get; private set; } = null!;

    public static string CsvLink(ReportTable table) => $"{Path}?handler=Csv&table={SchemeReportCsv.Name(table)}";

    public async Task OnGetAsync(CancellationToken cancellationToken) => Report = await reader.ReadAsync(cancellationToken);

    /// <summary>
    /// One table as CSV. Buffered, as the participants' export is, because Sep writes its header synchronously and
    /// the server allows only asynchronous writes to a response.
    /// </summary>
    public async Task<IActionResult> OnGetCsvAsync(string? table, CancellationToken cancellationToken)
    {
        if (!SchemeReportCsv.TryParse(table, out var chosen))
        {
            return NotFound();
        }

        var report = await reader.ReadAsync(cancellationToken);
        return await CsvDownload.SendAsync(Response, $"report-{SchemeReportCsv.Name(chosen)}.csv", writer => SchemeReportCsv.WriteAsync(writer, report, chosen, cancellationToken), cancellationToken);
    }
}
