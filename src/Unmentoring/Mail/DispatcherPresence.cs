using Microsoft.Extensions.Options;
using Unmentoring.Storage;

namespace Unmentoring.Mail;

/// <summary>
/// This process's dispatcher as the other instances see it. It checks in to <c>dispatcher_checkins</c> every
/// CheckinInterval and names itself on the claims it makes; an instance that has been silent for
/// PresumedDeadAfter is taken for dead, and its claims are released without waiting for their lease
/// (docs/adr/0042-dead-dispatchers-claims-released-early.md).
/// </summary>
/// <remarks>
/// Silence is judged only by an instance that could itself reach the database the whole time: its own
/// check-ins have come without a long gap for at least PresumedDeadAfter. After a database outage every instance
/// is silent for its length, and none is taken for dead until all have had PresumedDeadAfter to check in.
/// </remarks>
internal sealed class DispatcherPresence(Database database, IOptions<DispatcherOptions> options, TimeProvider time)
{
    private readonly Lock _gate = new();
    private DateTime? _steadySince;
    private DateTime? _lastCheckin;
    private DateTime? _lastWritten;

    /// <summary>Who this instance is in <c>dispatcher_checkins</c> and on its claims: host, process and a random part.</summary>
    public string Instance { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>
    /// The name to put on a claim made at <paramref name="now"/>: this instance while its check-ins are
    /// recent, so that the others can see it is alive; null before its first check-in or while its check-ins
    /// are failing, when the claim comes back only with its lease.
    /// </summary>
    public string? ClaimOwner(DateTime now)
    {
        var settings = options.Value;
        lock (_gate)
        {
            // Measured from the time the others see in the row, so a check-in whose write hung counts as old.
            return _lastWritten is { } written && now - written <= Late(settings) ? Instance : null;
        }
    }

    /// <summary>Records that this instance is alive, and forgets instances silent for a day or more.</summary>
    public async Task CheckInAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.StorageNow();
        await using (var session = await database.SessionAsync(null, cancellationToken))
        {
            await session.ExecuteAsync(
                """
                INSERT INTO dispatcher_checkins (instance, checked_in_at) VALUES (@instance, @now)
                ON CONFLICT (instance) DO UPDATE SET checked_in_at = excluded.checked_in_at
                """,
                new { instance = Instance, now });
            await session.ExecuteAsync(
                "DELETE FROM dispatcher_checkins WHERE checked_in_at < @forgotten",
                new { forgotten = now - TimeSpan.FromDays(1) });
        }

        // The run of steady check-ins is measured from when each write came back: a write that hung through
        // an outage and then went through says the database was out of reach for that long.
        var done = time.StorageNow();
        lock (_gate)
        {
            if (_lastCheckin is not { } last || done - last > Late(settings))
            {
                _steadySince = done;
            }

            _lastCheckin = done;
            _lastWritten = now;
        }
    }

    /// <summary>
    /// The moment since which an owner that has not checked in counts as dead, or null while this instance
    /// cannot judge: it has not checked in steadily for PresumedDeadAfter, or its last check-in is late.
    /// </summary>
    public DateTime? SilentSince(DateTime now)
    {
        var settings = options.Value;
        lock (_gate)
        {
            if (_steadySince is not { } steady || _lastCheckin is not { } last)
            {
                return null;
            }

            var since = now - settings.PresumedDeadAfter;
            return steady <= since && now - last <= Late(settings) ? since : null;
        }
    }

    /// <summary>Removes this instance's check-in on a clean stop, after its unstarted claims were given back.</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        await using var session = await database.SessionAsync(null, cancellationToken);
        await session.ExecuteAsync("DELETE FROM dispatcher_checkins WHERE instance = @instance", new { instance = Instance });
        lock (_gate)
        {
            _lastCheckin = null;
            _lastWritten = null;
            _steadySince = null;
        }
    }

    /// <summary>
    /// A check-in this long after the last one breaks the steady run: half of PresumedDeadAfter. Within a
    /// steady run the database was never out for longer, so a live instance, checking in every
    /// CheckinInterval (at most a third of PresumedDeadAfter), cannot have been silent for all of it.
    /// </summary>
    private static TimeSpan Late(DispatcherOptions settings) => settings.PresumedDeadAfter / 2;
}
