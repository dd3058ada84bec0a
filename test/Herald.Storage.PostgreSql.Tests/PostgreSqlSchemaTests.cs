namespace Herald.Storage.PostgreSql.Tests;

/// <summary>Start-up migration of the PostgreSQL schema.</summary>
public sealed class PostgreSqlSchemaTests(PostgresFixture pg)
{
    [Fact]
    public async Task Migrate_WhenFourProcessesStartAtOnce_AllSucceedAndTheSchemaExistsOnce()
    {
        var dataSource = await pg.CreateDatabaseAsync();
        try
        {
            // Separate data sources stand in for separate Herald processes.
            var others = Enumerable.Range(0, 4).Select(_ => Npgsql.NpgsqlDataSource.Create(dataSource.ConnectionString)).ToList();
            await Task.WhenAll(others.Select(d => PostgreSqlSchema.MigrateAsync(d, TestContext.Current.CancellationToken)));
            foreach (var other in others)
            {
                await other.DisposeAsync();
            }

            await using var count = dataSource.CreateCommand("SELECT count(*) FROM herald_schema");
            Assert.Equal(1L, await count.ExecuteScalarAsync(TestContext.Current.CancellationToken));
            await using var version = dataSource.CreateCommand("SELECT version FROM herald_schema");
            Assert.Equal(PostgreSqlSchema.CurrentVersion, await version.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        }
        finally
        {
            await pg.DropAsync(dataSource);
        }
    }
}
