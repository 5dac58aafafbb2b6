using MimeKit;
using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Cli;

public sealed class DemoCommandTests
{
    [Fact]
    public async Task Demo_FromNothing_LeavesReadableIntroductionsInThePickupFolder()
    {
        var data = Directory.CreateTempSubdirectory("unmentoring-demo-").FullName;
        var settings = new Dictionary<string, string?> { ["Unmentoring:DataDirectory"] = data };

        var result = await Support.Cli.RunAsync(settings, "demo");
        var again = await Support.Cli.RunAsync(settings, "demo", "--people", "10");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Added 41 made-up participants", result.Output, StringComparison.Ordinal);
        Assert.Equal(0, again.ExitCode);
        var folder = Path.Combine(data, "demo", "mail");
        Assert.Contains($"emails were written to {folder}", again.Output, StringComparison.Ordinal);
        // Of ten made-up people one is paused and one skips the round: eight introductions.
        Assert.Contains("1 paused: Paused until", again.Output, StringComparison.Ordinal);
        Assert.Contains("1 skipped: You asked to skip", again.Output, StringComparison.Ordinal);
        var files = Directory.GetFiles(folder, "*.eml");
        Assert.Equal(8, files.Length);
        var message = await MimeMessage.LoadAsync(files[0]);
        Assert.Contains("conversation", message.Subject, StringComparison.Ordinal);
        Assert.Contains("WHO YOU ARE MEETING", message.TextBody, StringComparison.Ordinal);
        Assert.NotNull(message.HtmlBody);
        Assert.Single(message.Attachments, a => a.ContentType.MimeType == "text/calendar");
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        Directory.Delete(data, recursive: true);
    }
}
