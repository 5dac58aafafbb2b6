using Microsoft.Extensions.Options;
using Unmentoring.Storage;

namespace Unmentoring.Mail;

/// <summary>What one pass over the outbox did.</summary>
internal sealed record DispatchSummary(int Claimed, int Sent, int Retrying, int Failed, int Ambiguous, int Suppressed, int Recovered)
{
    public static DispatchSummary Empty { get; } = new(0, 0, 0, 0, 0, 0, 0);
}

/// <summary>
/// One pass over the outbox: release expired claims, claim a batch of due messages, send them over one
/// transport session, and record each outcome. The hosted <see cref="OutboxDispatcher"/> calls
/// <see cref="RunOnceAsync"/> in a loop; tests call it directly with a fake clock.
/// </summary>
internal sealed class OutboxDispatch(
    OutboxQueue queue,
    IRoundEmailSource roundEmails,
    IMailTransport transport,
    IOptions<MailOptions> mail,
    IOptions<DispatcherOptions> options,
    DispatcherPresence presence,
    TimeProvider time,
    ILogger<OutboxDispatch> logger)
{
    public async Task<DispatchSummary> RunOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var recoveredAt = time.StorageNow();
        var recovered = await queue.RecoverExpiredAsync(recoveredAt, presence.SilentSince(recoveredAt), presence.Instance, cancellationToken);
        if (recovered > 0)
        {
            logger.LogWarning("Released {Count} outbox messages whose dispatcher stopped; any it had started to send are marked ambiguous", recovered);
        }

        var now = time.StorageNow();
        var claimed = await queue.ClaimAsync(settings.BatchSize, now, now + settings.LeaseDuration, presence.ClaimOwner(now), cancellationToken);
        if (claimed.Count == 0)
        {
            return DispatchSummary.Empty with { Recovered = recovered };
        }

        var outcomes = new List<SendOutcome>(claimed.Count);
        var toSend = new List<(ClaimedMessage Row, MimeKit.MimeMessage Message)>(claimed.Count);
        // A round's email is rendered from the participants' rows, which also say whether they left; only
        // the stored messages need their recipients' statuses read here.
        var statuses = await queue.ParticipantStatusesAsync(claimed.Where(m => m.ParticipantId is not null && !m.RenderedAtDispatch).Select(m => m.ParticipantId!.Value), cancellationToken);
        var rendered = await roundEmails.RenderAsync(claimed.Where(m => m.RenderedAtDispatch).ToList(), cancellationToken);
        foreach (var claimedRow in claimed)
        {
            var row = claimedRow;
            if (row.RenderedAtDispatch)
            {
                var result = rendered.GetValueOrDefault(row.Id) ?? new RenderedRow(null, Failed: "not sent: the round did not render it");
                if (result.Message is null)
                {
                    if (result.Failed is not null)
                    {
                        logger.LogError("Outbox message {Id} cannot be rendered: {Problem}", row.Id, result.Failed);
                    }

                    await SettleAsync(row, result.Failed is null ? "suppressed" : "failed", result.Suppressed ?? result.Failed!);
                    continue;
                }

                row = result.Message;
            }

            if (Suppressed(row, statuses) is { } why)
            {
                await SettleAsync(row, "suppressed", why);
                continue;
            }

            try
            {
                toSend.Add((row, OutboxMime.Build(row, mail.Value, time.GetUtcNow())));
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException)
            {
                // A row that cannot become a safe message will not become one by waiting.
                logger.LogError("Outbox message {Id} cannot be sent: {Problem}", row.Id, ex.Message);
                await SettleAsync(row, "failed", "not sent: " + ex.Message);
            }
        }

        if (toSend.Count > 0)
        {
            await using var session = await transport.OpenAsync(cancellationToken);
            SendOutcome? previous = null;
            foreach (var (row, message) in toSend)
            {
                // Stopping between messages: nothing is half-sent, and the rest go back to the queue below.
                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                // Its turn first (MaxPerMinute's slot, a relay's pause), and only then marked as being sent: a
                // process killed while it waits leaves the message unstarted, so it goes back to the queue, not
                // to ambiguous (which is never resent).
                var turn = session.WaitForTurnAsync(cancellationToken);
                if (!turn.IsCompletedSuccessfully && previous is not null)
                {
                    // A wait lies ahead: what the relay answered for the last message is recorded first, so a
                    // kill during the wait does not leave a delivered message looking ambiguous.
                    await queue.RecordAsync(previous, time.StorageNow(), CancellationToken.None);
                    previous = null;
                }

                var notSent = await turn;
                if (notSent is not null && cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                // Not cancellable: a stop must not roll back the outcome of the message just sent.
                var started = time.StorageNow();
                if (!await queue.RecordAndStartAsync(previous, row, started, started + settings.LeaseDuration, CancellationToken.None))
                {
                    previous = null;
                    continue;
                }

                // Held past MaxHold for its slot: not sent, given back as an ordinary try (ADR 0022).
                var result = notSent ?? await session.SendAsync(message, cancellationToken);
                previous = Classify(row, result, settings);
                outcomes.Add(previous);
            }

            if (previous is not null)
            {
                // The server has answered; record that even if we are stopping.
                await queue.RecordAsync(previous, time.StorageNow(), CancellationToken.None);
            }

            if (cancellationToken.IsCancellationRequested)
            {
                await queue.ReleaseUnstartedAsync(claimed[0].ClaimToken, time.StorageNow(), CancellationToken.None);
            }
        }

        // A MimeMessage and each of its parts have finalizers: left to the GC, they make building every
        // message markedly slower (figures in docs/benchmarks.md). After an exception the finalizers still clean up.
        foreach (var (_, message) in toSend)
        {
            message.Dispose();
        }

        var summary = new DispatchSummary(
            claimed.Count,
            outcomes.Count(o => o.State == "sent"),
            outcomes.Count(o => o.State == "retrying"),
            outcomes.Count(o => o.State == "failed"),
            outcomes.Count(o => o.State == "ambiguous"),
            outcomes.Count(o => o.State == "suppressed"),
            recovered);
        logger.LogInformation(
            "Outbox: {Sent} sent, {Retrying} to retry, {Failed} failed, {Ambiguous} ambiguous, {Suppressed} suppressed of {Claimed} claimed through {Transport}",
            summary.Sent, summary.Retrying, summary.Failed, summary.Ambiguous, summary.Suppressed, summary.Claimed, transport.Description);
        return summary;

        // A message that will not reach the server: its outcome is final now.
        Task SettleAsync(ClaimedMessage row, string state, string reply)
        {
            outcomes.Add(new SendOutcome(row, state, reply));
            return queue.RecordAsync(outcomes[^1], time.StorageNow(), CancellationToken.None);
        }
    }

    /// <summary>Why a message to someone who erased their data is not sent (also said by the round's renderer).</summary>
    internal const string ErasedReason = "not sent: the participant's data was erased";

    /// <summary>Why a round email to someone who unsubscribed since is not sent (also said by the round's renderer).</summary>
    internal const string UnsubscribedReason = "not sent: the participant unsubscribed";

    private string? Suppressed(ClaimedMessage row, IReadOnlyDictionary<long, string> statuses)
    {
        // A message can wait (a held round, retries) while its recipient leaves: leaving wins.
        var status = row.ParticipantId is { } id ? statuses.GetValueOrDefault(id) : null;
        if (status == "erased")
        {
            return ErasedReason;
        }

        if (status == "unsubscribed" && row.Kind is EmailKind.Introduction or EmailKind.SatOut or EmailKind.Unmatched or EmailKind.FollowUp)
        {
            return UnsubscribedReason;
        }

        var allowed = mail.Value.AllowedRecipientDomains;
        if (allowed.Count == 0)
        {
            return null;
        }

        var address = MimeKit.MailboxAddress.TryParse(row.Recipient, out var parsed) ? parsed.Address : row.Recipient ?? "";
        var domain = EmailAddress.Domain(address);
        return allowed.Any(d => domain.Equals(d, StringComparison.OrdinalIgnoreCase) || domain.EndsWith("." + d, StringComparison.OrdinalIgnoreCase))
            ? null
            : $"not sent: {domain} is not in {MailOptions.Section}:AllowedRecipientDomains";
    }

    private SendOutcome Classify(ClaimedMessage row, DeliveryResult result, DispatcherOptions settings)
    {
        var now = time.StorageNow();
        switch (result.Status)
        {
            case DeliveryStatus.Sent:
                return new SendOutcome(row, "sent", result.Reply);
            case DeliveryStatus.Permanent:
                logger.LogWarning("Outbox message {Id} was refused for good: {Reply}", row.Id, result.Reply);
                return new SendOutcome(row, "failed", result.Reply, FlagParticipant: result.RecipientRefused);
            case DeliveryStatus.Ambiguous:
                logger.LogWarning("Outbox message {Id} may or may not have been delivered, so it will not be resent: {Reply}", row.Id, result.Reply);
                return new SendOutcome(row, "ambiguous", result.Reply);
            default:
                var firstAttempt = row.FirstAttemptAt ?? now;
                if (now - firstAttempt >= settings.RetryFor)
                {
                    logger.LogWarning("Outbox message {Id} is given up after {RetryFor}: {Reply}", row.Id, settings.RetryFor, result.Reply);
                    return new SendOutcome(row, "failed", $"gave up after trying for {settings.RetryFor}: {result.Reply}");
                }

                return new SendOutcome(row, "retrying", result.Reply, NextAttemptAt: now + Backoff(row.Attempts + 1, settings));
        }
    }

    /// <summary>
    /// Doubling from FirstRetryAfter up to MaxBackoff, with "equal jitter" (half fixed, half random) so
    /// that messages refused together do not all come back in the same second.
    /// </summary>
    internal static TimeSpan Backoff(int attempts, DispatcherOptions settings)
    {
        var exponent = Math.Min(Math.Max(attempts - 1, 0), 30);
        var ceiling = TimeSpan.FromTicks((long)Math.Min(settings.MaxBackoff.Ticks, settings.FirstRetryAfter.Ticks * Math.Pow(2, exponent)));
#pragma warning disable CA5394 // Jitter needs no cryptographic randomness.
        return ceiling / 2 + ceiling / 2 * Random.Shared.NextDouble();
#pragma warning restore CA5394
    }
}
