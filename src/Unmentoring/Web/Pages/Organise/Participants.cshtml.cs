using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Unmentoring.Organisers;
using Unmentoring.Participants;

namespace Unmentoring.Web.Pages.Organise;

/// <summary>
/// Participants, searched (<see cref="ParticipantSearch"/>) and filtered by status from one GET form, so a
/// search is a link that can be shared or bookmarked; and the export, the same CSV file as
/// <c>participants export</c> (<see cref="ParticipantImport.ExportAsync"/>).
/// </summary>
internal sealed class ParticipantsModel(ParticipantSearch search, ParticipantImport export) : PageModel
{
    public const string Path = "/organise/participants";

    public FormErrors Errors { get; } = new();

    [FromQuery(Name = "q")]
    public string? Term { get; set; }

    [FromQuery(Name = "status")]
    public string? Status { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public ParticipantSearchPage? Results { get; private set; }

    public bool MayChange => User.IsInRole(OrganiserRoles.Organiser);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!ParticipantStatusFilter.IsKnown(Status))
        {
            Errors.Add("status", "Select a status from the list");
            ViewData["HasErrors"] = true;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Results = await search.SearchAsync(Term, Status ?? ParticipantStatusFilter.Everyone, PageNumber, cancellationToken);
        return Page();
    }

    /// <summary>Everyone taking part as CSV.</summary>
    public Task<IActionResult> OnGetExportAsync(CancellationToken cancellationToken) =>
        CsvDownload.SendAsync(Response, "participants.csv", writer => export.ExportAsync(writer, cancellationToken), cancellationToken);

    /// <summary>This page with the same search and status, at page <paramref name="number"/>.</summary>
    public string PageLink(int number)
    {
        var query = new List<string>();
        if (ParticipantSearch.Clean(Term) is { } term)
        {
            query.Add("q=" + Uri.EscapeDataString(term));
        }

        if (!string.IsNullOrEmpty(Status))
        {
            query.Add("status=" + Uri.EscapeDataString(Status));
        }

        query.Add("page=" + number.ToString(CultureInfo.InvariantCulture));
        return Path + "?" + string.Join("&", query);
    }
}
