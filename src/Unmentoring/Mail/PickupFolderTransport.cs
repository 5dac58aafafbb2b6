using MimeKit;

namespace Unmentoring.Mail;

/// <summary>
/// The embedded default: each message becomes an .eml file in a folder, which any mail program opens. The
/// file is named after the Message-ID, so writing the same message again replaces it rather than adding a
/// second copy, and it is written to a temporary name first so a reader never sees half a message.
/// </summary>
internal sealed class PickupFolderTransport(string folder) : IMailTransport, IMailSession
{
    public string Folder { get; } = Path.GetFullPath(folder);

    public string Description => $"the pickup folder {Folder}";

    public Task<IMailSession> OpenAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        return Task.FromResult<IMailSession>(this);
    }

    public async Task<DeliveryResult> SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var name = FileNameFor(message);
        var path = Path.Combine(Folder, name);
        var temporary = Path.Combine(Folder, $".{name}.{Guid.NewGuid():N}.tmp");
        try
        {
            await message.WriteToAsync(temporary, cancellationToken);
            File.Move(temporary, path, overwrite: true);
            return new DeliveryResult(DeliveryStatus.Sent, $"written to {path}");
        }
        catch (IOException ex)
        {
            File.Delete(temporary);
            return new DeliveryResult(DeliveryStatus.Transient, $"could not write to {Folder}: {ex.Message}");
        }
        catch (UnauthorizedAccessException ex)
        {
            File.Delete(temporary);
            return new DeliveryResult(DeliveryStatus.Transient, $"could not write to {Folder}: {ex.Message}");
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    internal static string FileNameFor(MimeMessage message)
    {
        var id = string.IsNullOrEmpty(message.MessageId) ? Guid.NewGuid().ToString("N") : message.MessageId;
        var safe = new string(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_').ToArray());
        return safe + ".eml";
    }
}
