using System.Globalization;
using System.Text.Json.Nodes;

namespace Herald.LoadTest;

/// <summary>
/// Realistic patient data for the transaction scenario: each Patient (from <see cref="PatientGenerator"/>)
/// followed by four vital-sign Observations referring to it by urn:uuid, as an EHR export or a
/// Synthea run sends them. Seeded, so both sides of the comparison write the same resources.
/// </summary>
public static class TransactionBundleGenerator
{
    private static readonly (string Code, string Display, string Unit, double Min, double Max)[] Vitals =
    [
        ("8867-4", "Heart rate", "/min", 50, 110),
        ("8480-6", "Systolic blood pressure", "mm[Hg]", 95, 170),
        ("29463-7", "Body weight", "kg", 45, 120),
        ("8310-5", "Body temperature", "Cel", 36, 39.5),
    ];

    public sealed record Item(string FullUrl, string Type, JsonObject Resource, string? SubjectFullUrl);

    /// <summary>Patients and their observations, <paramref name="entries"/> in all (a multiple of five).</summary>
    public static IReadOnlyList<Item> Generate(int entries, int seed)
    {
        var random = new Random(seed);
        var patients = PatientGenerator.Generate(entries / (Vitals.Length + 1), seed);
        var items = new List<Item>(entries);
        foreach (var patientJson in patients)
        {
            var patientUrl = $"urn:uuid:{Guid.NewGuid()}";
            items.Add(new Item(patientUrl, "Patient", JsonNode.Parse(patientJson)!.AsObject(), null));
            foreach (var (code, display, unit, min, max) in Vitals)
            {
                var value = Math.Round(min + (random.NextDouble() * (max - min)), 1);
                var observation = new JsonObject
                {
                    ["resourceType"] = "Observation",
                    ["status"] = "final",
                    ["category"] = new JsonArray(new JsonObject
                    {
                        ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://terminology.hl7.org/CodeSystem/observation-category", ["code"] = "vital-signs" }),
                    }),
                    ["code"] = new JsonObject
                    {
                        ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://loinc.org", ["code"] = code, ["display"] = display }),
                        ["text"] = display,
                    },
                    ["subject"] = new JsonObject { ["reference"] = patientUrl },
                    ["effectiveDateTime"] = new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero).AddMinutes(random.Next(0, 500_000)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
                    ["valueQuantity"] = new JsonObject { ["value"] = value, ["unit"] = unit, ["system"] = "http://unitsofmeasure.org", ["code"] = unit },
                };
                items.Add(new Item($"urn:uuid:{Guid.NewGuid()}", "Observation", observation, patientUrl));
            }
        }

        return items;
    }

    public static string TransactionJson(IReadOnlyList<Item> items)
    {
        var entries = new JsonArray();
        foreach (var item in items)
        {
            entries.Add(new JsonObject
            {
                ["fullUrl"] = item.FullUrl,
                ["resource"] = item.Resource.DeepClone(),
                ["request"] = new JsonObject { ["method"] = "POST", ["url"] = item.Type },
            });
        }

        return new JsonObject { ["resourceType"] = "Bundle", ["type"] = "transaction", ["entry"] = entries }.ToJsonString();
    }
}
