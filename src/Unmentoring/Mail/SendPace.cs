using Unmentoring.Storage;

namespace Unmentoring.Mail;

/// <summary>
/// Unmentoring:Dispatcher:MaxPerMinute as evenly spaced sending slots: each message takes the next free
/// slot, one interval (a minute divided by the limit) after the one before, and waits for it. There is
/// no burst: relays that cap messages a minute also tend to punish a minute's worth sent in one second.
/// </summary>
internal abstract class SendPace
{
    /// <summary>Takes the next slot and returns when it starts (now or later).</summary>
    public abstract Task<DateTime> ReserveAsync(DateTime now, CancellationToken cancellationToken);

    public static TimeSpan Interval(int maxPerMinute) => TimeSpan.FromTicks(TimeSpan.TicksPerMinute / maxPerMinute);

    /// <summary>The pace for this database: shared by every instance on PostgreSQL, per process on SQLite.</summary>
    public static SendPace For(Database database, int? maxPerMinute) => maxPerMinute switch
    {
        null => new Unlimited(),
        { } limit when database.Provider == DatabaseProvider.Postgres => new SharedSendPace(database, Interval(limit)),
        { } limit => new ProcessSendPace(Interval(limit)),
    };

    private sealed class Unlimited : SendPace
    {
        public override Task<DateTime> ReserveAsync(DateTime now, CancellationToken cancellationToken) => Task.FromResult(now);
    }
}

/// <summary>Slots kept in memory: SQLite serves one instance, so the process is the whole sender.</summary>
internal sealed class ProcessSendPace(TimeSpan interval) : SendPace
{
    private readonly Lock _gate = new();
    private DateTime _nextSlot = DateTime.MinValue;

    public override Task<DateTime> ReserveAsync(DateTime now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var slot = now > _nextSlot ? now : _nextSlot;
            _nextSlot = slot + interval;
            return Task.FromResult(slot);
        }
    }
}

/// <summary>
/// Slots kept in one PostgreSQL row that every instance moves on with one atomic UPDATE: the row lock
/// orders concurrent senders, and nothing else has to agree (no leader, no clock beyond the usual
/// within-a-second that Quartz clustering already needs).
/// </summary>
internal sealed class SharedSendPace(Database database, TimeSpan interval) : SendPace
{
    public override async Task<DateTime> ReserveAsync(DateTime now, CancellationToken cancellationToken)
    {
        await using var session = await database.SessionAsync(null, cancellationToken);
        return await session.ScalarAsync<DateTime>(
            """
            UPDATE dispatch_pace SET next_slot_at = greatest(next_slot_at, @now) + @interval
            WHERE name = 'smtp'
            RETURNING next_slot_at - @interval
            """,
            new { now, interval });
    }
}
