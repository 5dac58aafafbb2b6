using System.Data;
using System.Globalization;
using Dapper;

namespace Unmentoring.Storage;

/// <summary>
/// How Dapper maps rows for every store, set once before the first query (by <see cref="Database"/>):
/// a column <c>created_at</c> fills a property <c>CreatedAt</c>; times are UTC both ways; a date column
/// is a <see cref="DateOnly"/> on both providers. Codes stored as text (a status, a cadence, an outcome)
/// are read into strings and turned into their enums by each store's own parser, never by position or by
/// Dapper's guess at an enum's name.
/// </summary>
internal static class RowMapping
{
    public static void Configure()
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.AddTypeHandler(new UtcTimeHandler());
        SqlMapper.AddTypeHandler(new DateHandler());
    }

    /// <summary>A stored time as UTC, as Dapper reads it; for the few reads that stream rows themselves.</summary>
    public static DateTime UtcTime(object value) => value switch
    {
        DateTime time => DateTime.SpecifyKind(time, DateTimeKind.Utc),
        string text => DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        _ => throw new InvalidDataException($"A {value.GetType().Name} in the database is not a time."),
    };

    /// <summary>A stored date, as Dapper reads it; for the few reads that stream rows themselves.</summary>
    public static DateOnly Date(object value) => value switch
    {
        DateOnly date => date,
        DateTime time => DateOnly.FromDateTime(time),
        string text => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => throw new InvalidDataException($"A {value.GetType().Name} in the database is not a date."),
    };

    /// <summary>
    /// Times are stored in UTC: PostgreSQL's <c>timestamptz</c>, SQLite's text without a zone. A time to
    /// store must say it is UTC; a time read back always does.
    /// </summary>
    private sealed class UtcTimeHandler : SqlMapper.TypeHandler<DateTime>
    {
        public override void SetValue(IDbDataParameter parameter, DateTime value) =>
            parameter.Value = value.Kind == DateTimeKind.Utc ? value : throw new ArgumentException("Times are stored in UTC.", parameter.ParameterName);

        public override DateTime Parse(object value) => UtcTime(value);
    }

    /// <summary>A date column: <c>date</c> on PostgreSQL, ISO text (yyyy-MM-dd, which sorts as a date) on SQLite.</summary>
    private sealed class DateHandler : SqlMapper.TypeHandler<DateOnly>
    {
        public override void SetValue(IDbDataParameter parameter, DateOnly value) => parameter.Value = value;

        public override DateOnly Parse(object value) => Date(value);
    }
}
