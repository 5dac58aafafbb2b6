namespace Unmentoring.Mail;

/// <summary>
/// What became of a claimed row that had no content: the message to send, or why it will not be sent
/// (<see cref="Suppressed"/>: nobody to send it to any more; <see cref="Failed"/>: it cannot be made).
/// </summary>
internal sealed record RenderedRow(ClaimedMessage? Message, string? Suppressed = null, string? Failed = null);

/// <summary>
/// Renders the outbox rows a round wrote without content (introductions, sit-out and unmatched notices)
/// from the round's stored records and the participants' details as they are when the email is sent
/// (docs/adr/0011-round-emails-rendered-at-dispatch.md). The rounds side implements it; the dispatcher
/// calls it once per claimed batch.
/// </summary>
internal interface IRoundEmailSource
{
    /// <summary>One entry per row of <paramref name="rows"/>, by outbox id.</summary>
    Task<IReadOnlyDictionary<long, RenderedRow>> RenderAsync(IReadOnlyList<ClaimedMessage> rows, CancellationToken cancellationToken);
}
