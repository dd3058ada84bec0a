using System.Net;

namespace Herald.IntegrationTests;

public sealed class SmokeTests : IDisposable
{
    private readonly HeraldFactory _factory = new();

    [Fact]
    public async Task Metadata_IsServed()
    {
        var client = _factory.CreateClient();
        var response = await client.GetAsync(new Uri("/fhir/metadata", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(File.Exists(_factory.DatabasePath));
    }

    public void Dispose() => _factory.Dispose();
}
