using Npgsql;
using Unmentoring.Storage;
using Unmentoring.Tests.Support;

namespace Unmentoring.Tests.Storage;

public sealed class DatabaseTests
{
    [Theory]
    [InlineData("Host=db.example.org;Database=unmentoring", 32)]
    [InlineData("Host=db.example.org;Database=unmentoring;Max Auto Prepare=0", 0)]
    [InlineData("Host=db.example.org;Database=unmentoring;maxautoprepare=5", 5)]
    public async Task ForPostgres_PreparesStatementsUnlessTheConnectionStringSaysOtherwise(string connectionString, int expected)
    {
        await using var database = Database.ForPostgres(connectionString);

        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(database.PostgresDataSource!.ConnectionString).MaxAutoPrepare);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Session_StatementOfOneWord_RunsAsTextNotAsAProcedure(string provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var session = await test.Database.SessionAsync(null, default);

        // Dapper would call "ANALYZE" as a stored procedure unless told it is text.
        await session.ExecuteAsync("ANALYZE");
        Assert.Equal(1, await session.ScalarAsync<int>("SELECT 1"));
    }
}
