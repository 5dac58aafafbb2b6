using System.Globalization;

namespace Unmentoring.Mail;

/// <summary>
/// The whole dispatcher's answer to a relay that says "too many" (421, or a 4xx that says so): every
/// session waits out one shared pause before its next message, doubling while the relay keeps refusing
/// and reset by the next message it accepts. The refused message is offered again after the pause rather
/// than given a retry of its own (docs/adr/0022-relay-pacing.md).
/// </summary>
internal sealed class RelayThrottle(TimeProvider time)
{
    public static readonly TimeSpan FirstPause = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan LongestPause = TimeSpan.FromMinutes(2);

    private readonly Lock _gate = new();
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private TimeSpan _nextPause = FirstPause;

    public DateTimeOffset PausedUntil
    {
        get
        {
            lock (_gate)
            {
                return _pausedUntil;
            }
        }
    }

    /// <summary>Whether a reply asks us to slow down, rather than refusing this message.</summary>
    public static bool IsTooMany(DeliveryResult result)
    {
        if (result.Status != DeliveryStatus.Transient)
        {
            return false;
        }

        var reply = result.Reply;
        if (reply.Length >= 3 && int.TryParse(reply.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code == 421)
        {
            return true;
        }

        return TooManyWords.Any(w => reply.Contains(w, StringComparison.OrdinalIgnoreCase));
    }

    private static readonly string[] TooManyWords = ["too many", "rate limit", "throttl", "slow down", "try again later, closing"];

    /// <summary>Starts (or lengthens) the pause; returns how long it lasts from now.</summary>
    public TimeSpan Pause()
    {
        lock (_gate)
        {
            var pause = _nextPause;
            var until = time.GetUtcNow() + pause;
            if (until > _pausedUntil)
            {
                _pausedUntil = until;
            }

            _nextPause = pause * 2 > LongestPause ? LongestPause : pause * 2;
            return pause;
        }
    }

    public void Accepted()
    {
        lock (_gate)
        {
            _nextPause = FirstPause;
        }
    }
}
