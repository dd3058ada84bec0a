using System.Diagnostics;
using System.Net;
using System.Text;

namespace Herald.LoadTest;

/// <summary>The timed create every bench host sends: POST with <c>Prefer: return=minimal</c>, 201 required.</summary>
internal static class FhirPost
{
    /// <summary>Creates a resource; returns its id (from Location) and the Stopwatch timestamp when the 201 arrived.</summary>
    public static async Task<(string Id, long Answered)> CreateTimedAsync(this HttpClient http, string type, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/fhir+json");
        using var request = new HttpRequestMessage(HttpMethod.Post, type) { Content = content };
        request.Headers.Add("Prefer", "return=minimal");
        using var response = await http.SendAsync(request).ConfigureAwait(false);
        var answered = Stopwatch.GetTimestamp();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"POST /fhir/{type} returned {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync().ConfigureAwait(false)}");
        }

        // Location: .../{type}/{id}/_history/{v}
        var segments = response.Headers.Location?.OriginalString.Split('/') ?? [];
        var history = Array.IndexOf(segments, "_history");
        return (history > 0 ? segments[history - 1] : segments.LastOrDefault() ?? "", answered);
    }
}
