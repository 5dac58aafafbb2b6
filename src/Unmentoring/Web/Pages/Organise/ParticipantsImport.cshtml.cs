using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Unmentoring.Cli;
using Unmentoring.Organisers;
using Unmentoring.Participants;

namespace Unmentoring.Web.Pages.Organise;

/// <summary>
/// The CSV import from the page: the uploaded file is saved under its own name in a temporary folder and
/// read by <see cref="ParticipantImport.ImportAsync"/>, exactly as <c>participants import FILE.csv</c> reads a
/// file, so the checks, the line-numbered problems and the all-or-nothing transaction are the command's.
/// Only organisers may import: a viewer is refused the form as well as the upload.
/// </summary>
[Authorize(Policy = OrganiserAccess.ChangePolicy)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxFileBytes)]
internal sealed class ParticipantsImportModel(ParticipantImport import) : PageModel
{
    public const string Path = "/organise/participants/import";

    /// <summary>
    /// The largest file taken, about 100,000 people. The service's usual request limit (a form's size) would
    /// refuse any real list, so the host lets this one path send more (<see cref="WebServices"/>).
    /// </summary>
    public const int MaxFileBytes = 32 * 1024 * 1024;

    public FormErrors Errors { get; } = new();

    /// <summary>Every problem the import found, each naming its line; nothing was imported.</summary>
    public IReadOnlyList<string> Problems { get; private set; } = [];

    public ParticipantImport.Report? Imported { get; private set; }

    public string? FileName { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            return Refused("Select a CSV file to import");
        }

        FileName = SafeName(file.FileName);
        if (!FileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            return Refused("The selected file must be a CSV file");
        }

        var folder = Directory.CreateTempSubdirectory("unmentoring-import-");
        try
        {
            var path = System.IO.Path.Combine(folder.FullName, FileName);
            await using (var saved = System.IO.File.Create(path))
            {
                await file.CopyToAsync(saved, cancellationToken);
            }

            using var reader = CsvTable.OpenText(path);
            var report = await import.ImportAsync(path, reader, User.Email()!, progress: null, cancellationToken);
            if (report.Rejected.Count > 0)
            {
                Problems = report.Rejected;
                return Refused($"{report.Rejected.Count} {(report.Rejected.Count == 1 ? "row has a problem" : "rows have problems")}; nothing was imported. Fix the file and import it again");
            }

            Imported = report;
            return Page();
        }
        catch (CsvException ex)
        {
            Problems = [ex.Message];
            return Refused("The file could not be read; nothing was imported. Fix the file and import it again");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private PageResult Refused(string message)
    {
        Errors.Add("file", message);
        ViewData["HasErrors"] = true;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>The uploaded name without any folder or unusual character, as the problems will name it.</summary>
    private static string SafeName(string uploaded)
    {
        var name = new string(System.IO.Path.GetFileName(uploaded.Replace('\\', '/')).Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or ' ' ? c : '_').ToArray()).Trim();
        return name.Trim('.').Length == 0 ? "upload.csv" : name.Length > 100 ? name[^100..] : name;
    }
}
