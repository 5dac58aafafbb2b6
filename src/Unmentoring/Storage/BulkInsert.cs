using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace Unmentoring.Storage;

/// <summary>
/// The one way to write many rows into one table, inside the caller's transaction: PostgreSQL's binary
/// COPY (one round trip for a whole round's rows), or one prepared statement reused per row on SQLite,
/// where a local file makes that fast enough. Plain ADO.NET on purpose: this is the round's hot path, and
/// neither way has a row to map.
/// </summary>
internal static class BulkInsert
{
    /// <summary>Writes <paramref name="rows"/>, each the values of <paramref name="columns"/> in order; returns how many.</summary>
    public static async Task<int> BulkInsertAsync(
        this Database database,
        DbTransaction transaction,
        string table,
        IReadOnlyList<string> columns,
        IEnumerable<object?[]> rows,
        CancellationToken cancellationToken)
    {
        var connection = transaction.Connection ?? throw new InvalidOperationException("The transaction has already ended.");
        return database.Provider == DatabaseProvider.Postgres
            ? await CopyAsync((NpgsqlConnection)connection, table, columns, rows, cancellationToken)
            : await InsertEachAsync(connection, transaction, table, columns, rows, cancellationToken);
    }

    private static async Task<int> CopyAsync(NpgsqlConnection connection, string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        var count = 0;
        await using (var importer = await connection.BeginBinaryImportAsync($"COPY {table} ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            // A whole round's rows go in one COPY; the usual 30-second command timeout is for single statements.
            importer.Timeout = TimeSpan.FromMinutes(10);
            foreach (var row in rows)
            {
                await importer.StartRowAsync(cancellationToken);
                foreach (var value in row)
                {
                    await (value switch
                    {
                        null => importer.WriteNullAsync(cancellationToken),
                        string s => importer.WriteAsync(s, NpgsqlDbType.Text, cancellationToken),
                        long l => importer.WriteAsync(l, NpgsqlDbType.Bigint, cancellationToken),
                        int i => importer.WriteAsync(i, NpgsqlDbType.Integer, cancellationToken),
                        bool b => importer.WriteAsync(b, NpgsqlDbType.Boolean, cancellationToken),
                        DateTime t => importer.WriteAsync(t, NpgsqlDbType.TimestampTz, cancellationToken),
                        DateOnly d => importer.WriteAsync(d, NpgsqlDbType.Date, cancellationToken),
                        byte[] bytes => importer.WriteAsync(bytes, NpgsqlDbType.Bytea, cancellationToken),
                        _ => throw new ArgumentException($"BulkInsert cannot write a {value.GetType().Name}."),
                    });
                }

                count++;
            }

            await importer.CompleteAsync(cancellationToken);
        }

        return count;
    }

    private static async Task<int> InsertEachAsync(DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i))})";
        var parameters = columns.Select((_, i) =>
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "p" + i;
            command.Parameters.Add(parameter);
            return parameter;
        }).ToArray();
        await command.PrepareAsync(cancellationToken);
        var count = 0;
        foreach (var row in rows)
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i].Value = row[i] ?? DBNull.Value;
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
            count++;
        }

        return count;
    }
}
