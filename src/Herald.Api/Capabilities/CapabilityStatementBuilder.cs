using Hl7.Fhir.Model;
using Herald.Core.Fhir;
using Herald.Core.Search.Definitions;

namespace Herald.Api.Capabilities;

/// <summary>
/// Describes what Herald really implements. Add a claim here only in the same change that
/// implements it: clients plan their calls from this statement.
/// </summary>
public static class CapabilityStatementBuilder
{
    private static readonly CapabilityStatement.TypeRestfulInteraction[] ResourceInteractions =
    [
        CapabilityStatement.TypeRestfulInteraction.Read,
        CapabilityStatement.TypeRestfulInteraction.Vread,
        CapabilityStatement.TypeRestfulInteraction.Update,
        CapabilityStatement.TypeRestfulInteraction.Patch,
        CapabilityStatement.TypeRestfulInteraction.Delete,
        CapabilityStatement.TypeRestfulInteraction.Create,
        CapabilityStatement.TypeRestfulInteraction.HistoryInstance,
        CapabilityStatement.TypeRestfulInteraction.HistoryType,
        CapabilityStatement.TypeRestfulInteraction.SearchType,
    ];

    public static CapabilityStatement Build(string baseUrl, string softwareVersion, IReadOnlyList<string> topicUrls, bool conditionalDeleteMultiple = false)
    {
        var conditionalDelete = conditionalDeleteMultiple
            ? CapabilityStatement.ConditionalDeleteStatus.Multiple
            : CapabilityStatement.ConditionalDeleteStatus.Single;
        var rest = new CapabilityStatement.RestComponent
        {
            Mode = CapabilityStatement.RestfulCapabilityMode.Server,
            Documentation = "Search supports every R4 search parameter (chains and _has one level deep); unknown parameters are ignored and reported unless Prefer: handling=strict.",
            Interaction =
            [
                new CapabilityStatement.SystemInteractionComponent { Code = CapabilityStatement.SystemRestfulInteraction.HistorySystem },
                new CapabilityStatement.SystemInteractionComponent { Code = CapabilityStatement.SystemRestfulInteraction.Transaction },
                new CapabilityStatement.SystemInteractionComponent { Code = CapabilityStatement.SystemRestfulInteraction.Batch },
            ],
        };
        foreach (var type in ResourceTypes.All.Order(StringComparer.Ordinal))
        {
            rest.Resource.Add(new CapabilityStatement.ResourceComponent
            {
                Type = type,
                Interaction = ResourceInteractions.Select(code => new CapabilityStatement.ResourceInteractionComponent { Code = code }).ToList(),
                Versioning = CapabilityStatement.ResourceVersionPolicy.VersionedUpdate,
                ReadHistory = true,
                UpdateCreate = true,
                ConditionalCreate = true,
                ConditionalUpdate = true,
                ConditionalDelete = conditionalDelete,
                ConditionalRead = CapabilityStatement.ConditionalReadStatus.NotSupported,
                SearchInclude = ["*"],
                SearchRevInclude = ["*"],
                SearchParam = SearchParameterRegistry.Instance.For(type).Values
                    .OrderBy(p => p.Name, StringComparer.Ordinal)
                    .Select(p => new CapabilityStatement.SearchParamComponent { Name = p.Name, Type = p.Type })
                    .ToList(),
            });
        }

        SubscriptionCapabilities.Describe(rest.Resource.Single(r => r.Type == "Subscription"), topicUrls);
        return new CapabilityStatement
        {
            Instantiates = [SubscriptionCapabilities.ServerCapabilityStatement],
            Status = PublicationStatus.Active,
            Date = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture),
            Kind = CapabilityStatementKind.Instance,
            Software = new CapabilityStatement.SoftwareComponent { Name = "Herald", Version = softwareVersion },
            Implementation = new CapabilityStatement.ImplementationComponent { Description = "Herald FHIR server", Url = baseUrl },
            FhirVersion = FHIRVersion.N4_0_1,
            Format = ["application/fhir+json", "application/fhir+xml", "json", "xml"],
            Rest = [rest],
        };
    }
}
