using System.Globalization;
using Hl7.Fhir.Model;
using Herald.Api.Tenancy;
using Herald.Core.Fhir;
using Herald.Core.Storage;

namespace Herald.Api.Endpoints;

/// <summary>Turns a stored version into a history bundle entry (request + response + resource).</summary>
public static class HistoryEntries
{
    public static Bundle.EntryComponent Create(FhirEndpointContext context, ResourceVersion version)
    {
        var entry = new Bundle.EntryComponent
        {
            FullUrl = context.ResourceUrl(version.Type, version.Id),
            Request = version.Interaction switch
            {
                Interaction.Create when version.VersionId == 1 => new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = version.Type },
                Interaction.Delete => new Bundle.RequestComponent { Method = Bundle.HTTPVerb.DELETE, Url = $"{version.Type}/{version.Id}" },
                _ => new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"{version.Type}/{version.Id}" },
            },
            Response = new Bundle.ResponseComponent
            {
                Status = version.Interaction switch
                {
                    Interaction.Create => "201 Created",
                    Interaction.Delete => "204 No Content",
                    _ => "200 OK",
                },
                Etag = $"W/\"{version.VersionId.ToString(CultureInfo.InvariantCulture)}\"",
                LastModified = version.LastUpdated,
                Location = context.VersionUrl(version.Type, version.Id, version.VersionId),
            },
        };
        if (version.Json is not null)
        {
            entry.Resource = FhirSerializer.Instance.FromStorageJson(version.Json);
        }

        return entry;
    }
}
