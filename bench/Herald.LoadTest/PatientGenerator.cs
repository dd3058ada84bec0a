using System.Globalization;
using System.Text.Json.Nodes;

namespace Herald.LoadTest;

/// <summary>
/// Realistic, varied Patient JSON (about 1 KB). Generated before timing starts and seeded, so
/// every round, and both the Herald and the baseline runs, write the same documents.
/// </summary>
public static class PatientGenerator
{
    private static readonly string[] Given = ["Anna", "Bram", "Chloé", "Daan", "Eva", "Finn", "Grace", "Hugo", "Iris", "Jonas", "Kiki", "Lars", "Maja", "Noah", "Olga", "Pieter"];
    private static readonly string[] Family = ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "de Boer", "Bos", "Vos", "Peters", "Hendriks"];
    private static readonly string[] Streets = ["Kerkstraat", "Dorpsstraat", "Stationsweg", "Molenweg", "Schoolstraat", "Beukenlaan", "Parallelweg"];
    private static readonly string[] Cities = ["Utrecht", "Amsterdam", "Rotterdam", "Groningen", "Eindhoven", "Zwolle", "Leiden"];

    public static IReadOnlyList<string> Generate(int count, int seed)
    {
        var random = new Random(seed);
        var patients = new string[count];
        for (var i = 0; i < count; i++)
        {
            patients[i] = One(random, i).ToJsonString();
        }

        return patients;
    }

    private static JsonObject One(Random random, int index)
    {
        var given = Pick(random, Given);
        var family = Pick(random, Family);
        var birth = new DateOnly(1930, 1, 1).AddDays(random.Next(0, 33000));
        var mrn = string.Create(CultureInfo.InvariantCulture, $"MRN-{random.Next(1000, 9999)}-{index:D7}");
        return new JsonObject
        {
            ["resourceType"] = "Patient",
            ["identifier"] = new JsonArray(
                new JsonObject
                {
                    ["use"] = "usual",
                    ["type"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://terminology.hl7.org/CodeSystem/v2-0203", ["code"] = "MR" }) },
                    ["system"] = "urn:oid:2.16.840.1.113883.2.4.6.99",
                    ["value"] = mrn,
                },
                new JsonObject
                {
                    ["use"] = "official",
                    ["system"] = "http://fhir.nl/fhir/NamingSystem/bsn",
                    ["value"] = random.Next(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture),
                }),
            ["active"] = true,
            ["name"] = new JsonArray(new JsonObject
            {
                ["use"] = "official",
                ["family"] = family,
                ["given"] = new JsonArray(given, Pick(random, Given)),
                ["prefix"] = new JsonArray(random.Next(2) == 0 ? "Mw." : "Dhr."),
            }),
            ["telecom"] = new JsonArray(
                new JsonObject { ["system"] = "phone", ["value"] = string.Create(CultureInfo.InvariantCulture, $"+31 6 {random.Next(10_000_000, 99_999_999)}"), ["use"] = "mobile" },
                new JsonObject { ["system"] = "email", ["value"] = $"{given.ToLowerInvariant()}.{index}@example.org", ["use"] = "home" }),
            ["gender"] = random.Next(2) == 0 ? "female" : "male",
            ["birthDate"] = birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["address"] = new JsonArray(new JsonObject
            {
                ["use"] = "home",
                ["line"] = new JsonArray(string.Create(CultureInfo.InvariantCulture, $"{Pick(random, Streets)} {random.Next(1, 250)}")),
                ["city"] = Pick(random, Cities),
                ["postalCode"] = string.Create(CultureInfo.InvariantCulture, $"{random.Next(1000, 9999)} {(char)('A' + random.Next(26))}{(char)('A' + random.Next(26))}"),
                ["country"] = "NL",
            }),
            ["communication"] = new JsonArray(new JsonObject
            {
                ["language"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = "urn:ietf:bcp:47", ["code"] = "nl-NL" }) },
                ["preferred"] = true,
            }),
        };
    }

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];

    /// <summary>Reported with the figures: throughput only means something next to the document size.</summary>
    public static int AverageBytes(IReadOnlyList<string> patients) =>
        patients.Count == 0 ? 0 : (int)patients.Average(p => System.Text.Encoding.UTF8.GetByteCount(p));
}
