namespace Unmentoring.Mail;

/// <summary>
/// The <c>Unmentoring:Dispatcher</c> section: how the outbox is worked through. The defaults suit one
/// SMTP relay and a scheme of a few thousand people; SMTP advice (RFC 5321) is to keep retrying a
/// temporary failure for days, backing off to hours between tries.
/// </summary>
internal sealed class DispatcherOptions
{
    public const string Section = "Unmentoring:Dispatcher";

    /// <summary>Messages claimed, and sent over one SMTP connection, at a time.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>
    /// Batches sent side by side by one instance, each over its own SMTP connection. Unset: 2 on PostgreSQL,
    /// whose claims skip each other's rows, and 1 on SQLite, where every write takes the one write lock
    /// (docs/adr/0012-two-dispatch-loops-on-postgresql.md).
    /// </summary>
    public int? Concurrency { get; set; }

    /// <summary>
    /// The most messages sent a minute, counted across every instance on PostgreSQL and per process on
    /// SQLite, evenly spaced. Unset: no limit (docs/adr/0022-relay-pacing.md).
    /// </summary>
    public int? MaxPerMinute { get; set; }

    /// <summary>How long to wait before looking again when the outbox had nothing due.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a claim lasts. A dispatcher that dies releases its messages when this runs out: one it had
    /// not yet handed to the server is sent by another; one it had is marked ambiguous.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long a started message may wait for its sending slot or a relay's pause: a quarter of the lease,
    /// so it is sent or given back long before another dispatcher would take it for lost.
    /// </summary>
    public TimeSpan MaxHold => LeaseDuration / 4;

    /// <summary>
    /// How long after a message was marked as handed over its send may still be going on: the longest wait
    /// for a sending slot, then the SMTP command timeout. An ambiguous message is not sent again by an
    /// organiser before this has passed (ADR 0042).
    /// </summary>
    public TimeSpan LongestSend => MaxHold + SmtpTransport.CommandTimeout;

    /// <summary>
    /// How often a running dispatcher tells the others it is alive (a row in <c>dispatcher_checkins</c>).
    /// </summary>
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long an instance may go without checking in before the others take it for dead and release its
    /// claims, without waiting for the lease (docs/adr/0042-dead-dispatchers-claims-released-early.md). A
    /// live instance taken for dead loses its unstarted claims to others and nothing is sent twice; the
    /// message it had in hand is reported ambiguous until it records the server's answer.
    /// </summary>
    public TimeSpan PresumedDeadAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The wait after the first temporary failure; it doubles with each further one.</summary>
    public TimeSpan FirstRetryAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest wait between two tries.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(2);

    /// <summary>After this long since the first try, a message that still fails temporarily is marked failed.</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromDays(3);

    internal static IEnumerable<string> Check(DispatcherOptions o, string section)
    {
        if (o.BatchSize is < 1 or > 1000)
        {
            yield return $"{section}:BatchSize must be a whole number from 1 to 1000 (default 50).";
        }

        if (o.Concurrency is < 1 or > 16)
        {
            yield return $"{section}:Concurrency must be a whole number from 1 to 16 (default 2 on PostgreSQL, 1 on SQLite), and no more than your SMTP relay accepts connections at once.";
        }

        if (o.MaxPerMinute is < 1 or > 1_000_000)
        {
            yield return $"{section}:MaxPerMinute must be a whole number from 1 to 1000000, or unset for no limit (the default).";
        }

        if (o.PollInterval < TimeSpan.FromMilliseconds(100) || o.PollInterval > TimeSpan.FromHours(1))
        {
            yield return $"{section}:PollInterval must be from 00:00:00.1 to 01:00:00 (default 00:00:10).";
        }

        if (o.LeaseDuration < TimeSpan.FromMinutes(1) || o.LeaseDuration > TimeSpan.FromDays(1))
        {
            yield return $"{section}:LeaseDuration must be from 00:01:00 to 1.00:00:00 (default 00:10:00), longer than sending one batch takes.";
        }

        if (o.CheckinInterval < TimeSpan.FromSeconds(1) || o.CheckinInterval > TimeSpan.FromMinutes(10))
        {
            yield return $"{section}:CheckinInterval must be from 00:00:01 to 00:10:00 (default 00:00:10).";
        }

        if (o.PresumedDeadAfter < 3 * o.CheckinInterval || o.PresumedDeadAfter > o.LeaseDuration)
        {
            yield return $"{section}:PresumedDeadAfter must be at least three times CheckinInterval and no more than LeaseDuration (default 00:01:00).";
        }

        if (o.FirstRetryAfter < TimeSpan.FromSeconds(1) || o.FirstRetryAfter > o.MaxBackoff)
        {
            yield return $"{section}:FirstRetryAfter must be at least 00:00:01 and no more than MaxBackoff (default 00:01:00).";
        }

        if (o.MaxBackoff < TimeSpan.FromSeconds(1) || o.MaxBackoff > TimeSpan.FromDays(1))
        {
            yield return $"{section}:MaxBackoff must be from 00:00:01 to 1.00:00:00 (default 02:00:00).";
        }

        if (o.RetryFor < TimeSpan.Zero || o.RetryFor > TimeSpan.FromDays(30))
        {
            yield return $"{section}:RetryFor must be from 00:00:00 to 30.00:00:00 (default 3.00:00:00).";
        }
    }
}
