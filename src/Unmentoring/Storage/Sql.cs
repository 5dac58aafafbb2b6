using System.Data.Common;

namespace Unmentoring.Storage;

/// <summary>Small helpers that keep store code to the SQL itself.</summary>
internal static class Sql
{
    public static DbCommand Command(this DbConnection connection, string sql, DbTransaction? transaction = null, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            command.AddParameter(name, value);
        }

        return command;
    }

    public static void AddParameter(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value switch
        {
            null => DBNull.Value,
            DateTime time => time.Kind == DateTimeKind.Utc ? time : throw new ArgumentException("Times are stored in UTC.", name),
            DateTimeOffset time => time.UtcDateTime,
            _ => value,
        };
        command.Parameters.Add(parameter);
    }

    /// <summary>
    /// "<paramref name="column"/> is one of <paramref name="ids"/>" with the ids in one parameter: an array
    /// on PostgreSQL, a JSON array on SQLite. The statement's text is the same however many ids there are,
    /// so it is prepared once and planned quickly, where an IN list of a parameter per id is a new statement
    /// for every count (and thousands of ids take PostgreSQL milliseconds to plan).
    /// </summary>
    public static (string Sql, (string Name, object? Value) Parameter) OneOf(this DbConnection connection, string column, string name, IEnumerable<long> ids) =>
        connection is Npgsql.NpgsqlConnection
            ? ($"{column} = ANY(@{name})", (name, ids.ToArray()))
            : ($"{column} IN (SELECT value FROM json_each(@{name}))", (name, "[" + string.Join(",", ids.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]"));

    public static async Task<int> ExecuteAsync(this DbConnection connection, string sql, DbTransaction? transaction, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.Command(sql, transaction, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<T?> ScalarAsync<T>(this DbConnection connection, string sql, DbTransaction? transaction, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.Command(sql, transaction, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Now, in UTC, to the microsecond: PostgreSQL keeps microseconds, so a time read back equals the one written.
    /// </summary>
    public static DateTime StorageNow(this TimeProvider time)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return new DateTime(now.Ticks - (now.Ticks % 10), DateTimeKind.Utc);
    }

    public static string? NullableString(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>Reads a stored time as UTC (SQLite keeps text without a zone; PostgreSQL a timestamptz).</summary>
    public static DateTime Utc(this DbDataReader reader, int ordinal) => DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);

    public static DateTime? NullableUtc(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.Utc(ordinal);

    /// <summary>A date column: <c>date</c> on PostgreSQL, ISO text (yyyy-MM-dd, which sorts as a date) on SQLite.</summary>
    public static DateOnly? NullableDate(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateOnly>(ordinal);
}
