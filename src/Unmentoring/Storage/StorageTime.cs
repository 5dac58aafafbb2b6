namespace Unmentoring.Storage;

/// <summary>The clock as storage keeps it.</summary>
internal static class StorageTime
{
    /// <summary>
    /// Now, in UTC, to the microsecond: PostgreSQL keeps microseconds, so a time read back equals the one written.
    /// </summary>
    public static DateTime StorageNow(this TimeProvider time)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return new DateTime(now.Ticks - (now.Ticks % 10), DateTimeKind.Utc);
    }
}
