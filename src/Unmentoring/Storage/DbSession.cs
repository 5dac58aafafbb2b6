using System.Data;
using System.Data.Common;
using Dapper;

namespace Unmentoring.Storage;

/// <summary>
/// The connection one store call runs its statements on (from <see cref="Database.SessionAsync"/>): the
/// caller's, inside its transaction, or a pooled one of the store's own, returned when this is disposed.
/// Every statement goes through Dapper with the transaction and the cancellation token attached, so no
/// store can forget either; rows are mapped to classes by column name (<see cref="RowMapping"/>).
/// </summary>
internal sealed class DbSession(DbConnection connection, DbTransaction? transaction, bool owned, CancellationToken cancellationToken) : IAsyncDisposable
{
    public DbConnection Connection => connection;

    public DbTransaction? Transaction => transaction;

    public async Task<List<T>> QueryAsync<T>(string sql, object? parameters = null) =>
        (await connection.QueryAsync<T>(Statement(sql, parameters))).AsList();

    public Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? parameters = null) =>
        connection.QuerySingleOrDefaultAsync<T>(Statement(sql, parameters));

    /// <summary>Runs a statement and returns how many rows it changed.</summary>
    public Task<int> ExecuteAsync(string sql, object? parameters = null) =>
        connection.ExecuteAsync(Statement(sql, parameters));

    /// <summary>The first column of the first row, e.g. the id a <c>RETURNING id</c> gave back.</summary>
    public Task<T?> ScalarAsync<T>(string sql, object? parameters = null) =>
        connection.ExecuteScalarAsync<T>(Statement(sql, parameters));

    /// <summary>
    /// The rows as they arrive, for the few reads too large to map to an object per row (a round's people and
    /// history): find each column's place by name once, then read by place.
    /// </summary>
    public Task<DbDataReader> ReaderAsync(string sql, object? parameters = null) =>
        connection.ExecuteReaderAsync(Statement(sql, parameters));

    /// <summary>A command of several statements, read result by result.</summary>
    public Task<SqlMapper.GridReader> QueryMultipleAsync(string sql, object? parameters = null) =>
        connection.QueryMultipleAsync(Statement(sql, parameters));

    public ValueTask DisposeAsync() => owned ? connection.DisposeAsync() : ValueTask.CompletedTask;

    // Always text: Dapper takes a statement without white space ("ANALYZE") for a stored procedure's name.
    private CommandDefinition Statement(string sql, object? parameters) =>
        new(sql, parameters, transaction, commandType: CommandType.Text, cancellationToken: cancellationToken);
}
