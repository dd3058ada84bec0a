using Microsoft.AspNetCore.Http;

namespace Herald.Api.Formatting;

public static class SelfLinks
{
    /// <summary>The absolute self link of a request: the tenant-correct path plus the query as sent.</summary>
    public static string GetEncodedSelfUrl(this HttpRequest request, string absolutePath) =>
        absolutePath + request.QueryString.ToUriComponent();
}
