using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Unmentoring.Participants;

namespace Unmentoring.Web.Pages.Manage;

/// <summary>Download my data: everything held about the participant, as a JSON file.</summary>
internal sealed class DownloadModel(ParticipantLinks links, ParticipantStore participants, MyDataExport export) : ManagePageModel(links, participants)
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnGetFileAsync(CancellationToken cancellationToken)
    {
        var data = await export.ExportAsync(Participant, cancellationToken);
        Response.Headers.CacheControl = "no-store";
        return File(JsonSerializer.SerializeToUtf8Bytes(data, MyDataExport.Json), "application/json", "my-unmentoring-data.json");
    }
}
