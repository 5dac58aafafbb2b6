using MimeKit;

namespace Unmentoring.Mail;

/// <summary>What happened to one message handed to a transport.</summary>
internal enum DeliveryStatus
{
    /// <summary>The server (or the pickup folder) accepted it.</summary>
    Sent,

    /// <summary>Not accepted, worth trying again later (4xx, connection refused or lost before the data).</summary>
    Transient,

    /// <summary>Refused for good (5xx).</summary>
    Permanent,

    /// <summary>The connection dropped after the data was sent: it may have been delivered, so it is not retried.</summary>
    Ambiguous,
}

/// <param name="Status">What happened.</param>
/// <param name="Reply">The server's reply, or what went wrong, for organisers to read.</param>
/// <param name="RecipientRefused">A permanent refusal of this recipient or message (not of our sender or
/// account), so the participant is marked undeliverable.</param>
internal sealed record DeliveryResult(DeliveryStatus Status, string Reply, bool RecipientRefused = false);

/// <summary>
/// Where email goes. The dispatcher opens one session per batch and sends each message through it, so an
/// SMTP transport keeps one connection for the batch.
/// </summary>
internal interface IMailTransport
{
    /// <summary>Where mail goes, for people: "SMTP smtp.example.org:587" or the pickup folder's path.</summary>
    string Description { get; }

    Task<IMailSession> OpenAsync(CancellationToken cancellationToken);
}

internal interface IMailSession : IAsyncDisposable
{
    /// <summary>Sends one message. The caller disposes <paramref name="message"/> afterwards: do not keep it.</summary>
    Task<DeliveryResult> SendAsync(MimeMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Waits until the next message may go (a paced session's slot, a relay's pause); null when it may, or the
    /// result to record instead when it was not sent (stopped, or held too long). The dispatcher waits here
    /// before it marks a message as being sent, so that a process killed while it waits leaves the message
    /// unstarted (it goes back to the queue) rather than ambiguous. A session without pacing never waits.
    /// </summary>
    Task<DeliveryResult?> WaitForTurnAsync(CancellationToken cancellationToken) => Task.FromResult<DeliveryResult?>(null);
}
