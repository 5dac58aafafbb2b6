using Npgsql;
using Unmentoring.Storage;

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
}
