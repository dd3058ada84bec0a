using System.Globalization;
using Herald.Core.Fhir;
using Herald.Core.Search.Indexing;
using Herald.Core.Storage;

namespace Herald.StorageBench;

/// <summary>
/// A realistic search corpus: one Patient per four Observations (vital signs and labs with a
/// LOINC code, a subject reference, an effective date in 2023-2024 and a quantity). Values are
/// deterministic in the resource number, so every run and every store holds the same data.
/// </summary>
internal static class SearchCorpus
{
    public const string Tenant = "bench";

    /// <summary>Ten codes: each matches about a tenth of the Observations.</summary>
    private static readonly (string Code, string Display, string Unit, string UcumCode, int Low, int High)[] Codes =
    [
        ("8867-4", "Heart rate", "beats/minute", "/min", 50, 120),
        ("8480-6", "Systolic blood pressure", "mmHg", "mm[Hg]", 95, 170),
        ("8462-4", "Diastolic blood pressure", "mmHg", "mm[Hg]", 55, 105),
        ("29463-7", "Body weight", "kg", "kg", 45, 130),
        ("8302-2", "Body height", "cm", "cm", 150, 200),
        ("8310-5", "Body temperature", "Cel", "Cel", 36, 40),
        ("2339-0", "Glucose", "mg/dL", "mg/dL", 70, 200),
        ("718-7", "Hemoglobin", "g/dL", "g/dL", 10, 18),
        ("4548-4", "Hemoglobin A1c", "%", "%", 4, 11),
        ("2093-3", "Cholesterol", "mg/dL", "mg/dL", 120, 300),
    ];

    /// <summary>Forty family names: "Smith" is one in forty Patients.</summary>
    private static readonly string[] Families =
    [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
        "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
        "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
        "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
    ];

    private static readonly string[] Givens = ["James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth"];

    private static readonly DateTime Epoch = new(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static string PatientId(int n) => "p" + n.ToString(CultureInfo.InvariantCulture);

    public static string ObservationId(int n) => "o" + n.ToString(CultureInfo.InvariantCulture);

    /// <summary>A well-mixed hash, so neighbouring numbers get unrelated codes, dates and subjects.</summary>
    public static uint Mix(int n, uint salt)
    {
        var x = (uint)n * 2654435761u ^ salt;
        x ^= x >> 16;
        x *= 0x45d9f3bu;
        x ^= x >> 16;
        return x;
    }

    public static string PatientJson(int n, long version, DateTimeOffset lastUpdated) =>
        "{\"resourceType\":\"Patient\",\"id\":\"" + PatientId(n) + "\"," + Meta(version, lastUpdated)
        + "\"identifier\":[{\"system\":\"urn:bench:mrn\",\"value\":\"" + n.ToString(CultureInfo.InvariantCulture) + "\"}],"
        + "\"active\":true,\"name\":[{\"use\":\"official\",\"family\":\"" + Families[Mix(n, 1) % Families.Length]
        + "\",\"given\":[\"" + Givens[Mix(n, 2) % Givens.Length] + "\"]}],"
        + "\"gender\":\"" + (n % 2 == 0 ? "female" : "male") + "\",\"birthDate\":\""
        + Epoch.AddYears(-20 - (int)(Mix(n, 3) % 60)).AddDays(Mix(n, 4) % 365).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "\","
        + "\"address\":[{\"line\":[\"" + (1 + (Mix(n, 5) % 999)).ToString(CultureInfo.InvariantCulture) + " Main Street\"],\"city\":\"Springfield\",\"postalCode\":\"12345\",\"country\":\"US\"}]}";

    /// <summary>Observation <paramref name="n"/> about one of the first <paramref name="patients"/> Patients.</summary>
    public static string ObservationJson(int n, int patients, long version, DateTimeOffset lastUpdated)
    {
        var c = Codes[Mix(n, 6) % Codes.Length];
        var value = c.Low + (Mix(n, 7) % (uint)(c.High - c.Low));
        var effective = Epoch.AddMinutes(Mix(n, 8) % (730 * 24 * 60)).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var category = c.Code is "8867-4" or "8480-6" or "8462-4" or "29463-7" or "8302-2" or "8310-5" ? "vital-signs" : "laboratory";
        return "{\"resourceType\":\"Observation\",\"id\":\"" + ObservationId(n) + "\"," + Meta(version, lastUpdated)
            + "\"status\":\"final\",\"category\":[{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/observation-category\",\"code\":\"" + category + "\"}]}],"
            + "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"" + c.Code + "\",\"display\":\"" + c.Display + "\"}],\"text\":\"" + c.Display + "\"},"
            + "\"subject\":{\"reference\":\"Patient/" + PatientId((int)(Mix(n, 9) % (uint)patients)) + "\"},"
            + "\"effectiveDateTime\":\"" + effective + "\",\"issued\":\"" + effective.Replace("Z", ".000Z", StringComparison.Ordinal) + "\","
            + "\"valueQuantity\":{\"value\":" + value.ToString(CultureInfo.InvariantCulture) + ",\"unit\":\"" + c.Unit
            + "\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"" + c.UcumCode + "\"}}";
    }

    /// <summary>A create as ResourceService builds it: the JSON rendered at commit, the index extracted by Herald's own indexer.</summary>
    public static ResourceWrite Create(string type, string id, Func<long, DateTimeOffset, string> render, SearchIndexer? indexer) => new()
    {
        Key = new ResourceKey(Tenant, type, id),
        Interaction = Interaction.Create,
        Render = render,
        Index = indexer is null ? SearchIndex.Empty : indexer.Extract(FhirSerializer.Instance.Parse(render(1, DateTimeOffset.UnixEpoch), FhirFormat.Json)),
    };

    private static string Meta(long version, DateTimeOffset lastUpdated) =>
        "\"meta\":{\"versionId\":\"" + version.ToString(CultureInfo.InvariantCulture) + "\",\"lastUpdated\":\""
        + lastUpdated.ToString("o", CultureInfo.InvariantCulture) + "\"},";
}
