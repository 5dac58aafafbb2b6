using MimeKit;
using Unmentoring.Hosting;

namespace Unmentoring.Mail;

/// <summary>
/// A transport that keeps to what the relay accepts, and times each send for the
/// <c>unmentoring.email.send.duration</c> histogram: each message waits for the shared throttle's pause
/// and for its own sending slot (<see cref="SendPace"/>), and a "too many" reply pauses every session and
/// offers the message again instead of spending one of its retries. A message is held at most
/// <see cref="MaxHold"/> this way, well inside its claim's lease, so no other dispatcher takes it for lost.
/// </summary>
internal sealed class PacedMailTransport(IMailTransport inner, SendPace pace, RelayThrottle throttle, TimeSpan maxHold, TimeProvider time, ILogger<PacedMailTransport> logger) : IMailTransport
{
    private readonly IMailTransport _inner = inner;
    private readonly SendPace _pace = pace;
    private readonly RelayThrottle _throttle = throttle;
    private readonly TimeSpan _maxHold = maxHold;
    private readonly TimeProvider _time = time;
    private readonly ILogger _logger = logger;

    public string Description => _inner.Description;

    public async Task<IMailSession> OpenAsync(CancellationToken cancellationToken) =>
        new Session(this, await _inner.OpenAsync(cancellationToken));

    private sealed class Session(PacedMailTransport owner, IMailSession session) : IMailSession
    {
        private IMailSession _session = session;

        /// <summary>When the turn was taken by <see cref="WaitForTurnAsync"/>, the end of the message's hold; null when not.</summary>
        private DateTimeOffset? _turnTaken;

        public async Task<DeliveryResult?> WaitForTurnAsync(CancellationToken cancellationToken)
        {
            var giveUpAt = owner._time.GetUtcNow() + owner._maxHold;
            var notSent = await TakeTurnAsync(giveUpAt, cancellationToken);
            _turnTaken = notSent is null ? giveUpAt : null;
            return notSent;
        }

        public async Task<DeliveryResult> SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            var time = owner._time;
            var giveUpAt = _turnTaken ?? time.GetUtcNow() + owner._maxHold;
            var turnTaken = _turnTaken is not null;
            _turnTaken = null;
            while (true)
            {
                if (!turnTaken && await TakeTurnAsync(giveUpAt, cancellationToken) is { } notSent)
                {
                    return notSent;
                }

                turnTaken = false;
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                var result = await _session.SendAsync(message, cancellationToken);
                UnmentoringTelemetry.SendDuration.Record(
                    System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds,
                    new KeyValuePair<string, object?>("outcome", RelayThrottle.IsTooMany(result) ? "too_many" : result.Status.ToString().ToLowerInvariant()));
                if (!RelayThrottle.IsTooMany(result))
                {
                    if (result.Status == DeliveryStatus.Sent)
                    {
                        owner._throttle.Accepted();
                    }

                    return result;
                }

                var pause = owner._throttle.Pause();
                owner._logger.LogWarning("The mail relay asked us to slow down ({Reply}); every dispatcher loop here pauses for {Pause}", result.Reply, pause);
                if (time.GetUtcNow() + pause > giveUpAt)
                {
                    return result;
                }

                // A 421 closes the connection: the next try opens a fresh one.
                await _session.DisposeAsync();
                _session = await owner._inner.OpenAsync(CancellationToken.None);
            }
        }

        /// <summary>Waits out the relay's pause and this message's sending slot; null when it may go now, else why it was not sent.</summary>
        private async Task<DeliveryResult?> TakeTurnAsync(DateTimeOffset giveUpAt, CancellationToken cancellationToken)
        {
            var time = owner._time;
            try
            {
                await WaitUntilAsync(owner._throttle.PausedUntil, giveUpAt, cancellationToken);
                var slot = await owner._pace.ReserveAsync(time.GetUtcNow().UtcDateTime, cancellationToken);
                await WaitUntilAsync(new DateTimeOffset(DateTime.SpecifyKind(slot, DateTimeKind.Utc)), giveUpAt, cancellationToken);
                return null;
            }
            catch (OperationCanceledException)
            {
                return new DeliveryResult(DeliveryStatus.Transient, "sending was stopped before the message was sent");
            }
            catch (HeldTooLongException)
            {
                return new DeliveryResult(DeliveryStatus.Transient, $"not sent: held {owner._maxHold} for Unmentoring:Dispatcher:MaxPerMinute or the relay's \"too many\" replies");
            }
        }

        private async Task WaitUntilAsync(DateTimeOffset until, DateTimeOffset giveUpAt, CancellationToken cancellationToken)
        {
            var wait = until - owner._time.GetUtcNow();
            if (wait <= TimeSpan.Zero)
            {
                return;
            }

            if (until > giveUpAt)
            {
                throw new HeldTooLongException();
            }

            await Task.Delay(wait, owner._time, cancellationToken);
        }

        public ValueTask DisposeAsync() => _session.DisposeAsync();
    }

    private sealed class HeldTooLongException : Exception;
}
