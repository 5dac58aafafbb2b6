using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace Unmentoring.Web;

/// <summary>
/// A CSV file sent as a download that is not cached. Buffered (in memory, then a temporary file past a few
/// tens of kilobytes) because the CSV writer writes its header and last block synchronously, and the server
/// allows only asynchronous writes to a response.
/// </summary>
internal static class CsvDownload
{
    public static async Task<IActionResult> SendAsync(HttpResponse response, string fileName, Func<TextWriter, Task> write, CancellationToken cancellationToken)
    {
        await using var buffer = new FileBufferingWriteStream();
        await using (var writer = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true))
        {
            await write(writer);
        }

        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        response.Headers.CacheControl = "no-store";
        await buffer.DrainBufferAsync(response.Body, cancellationToken);
        return new EmptyResult();
    }
}
