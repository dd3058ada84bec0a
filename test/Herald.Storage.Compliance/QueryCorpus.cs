using System.Globalization;
using Hl7.Fhir.Model;
using Herald.Core.Search.Indexing;
using static Herald.Storage.Compliance.CorpusGenerator;

namespace Herald.Storage.Compliance;

/// <summary>One query of the agreement corpus: a resource type and a query string.</summary>
public sealed record CorpusQuery(string Type, string Query)
{
    public override string ToString() => $"{Type}?{Query}";
}

/// <summary>
/// Generates the agreement queries systematically from the values in a <see cref="Corpus"/>:
/// every date prefix at every precision around values that occur, numbers and quantities in all
/// their forms, every token form and modifier, strings with accents and case, references,
/// uris, :missing, composites, _id and _lastUpdated, and OR/AND combinations.
/// </summary>
public static class QueryCorpus
{
    public static readonly string[] Prefixes = ["", "eq", "ne", "gt", "lt", "ge", "le", "sa", "eb", "ap"];

    public static List<CorpusQuery> Generate(Corpus corpus, IReadOnlyDictionary<string, DateTimeOffset> lastUpdated)
    {
        var queries = new List<CorpusQuery>();
        Dates(queries, corpus, lastUpdated);
        NumbersAndQuantities(queries, corpus);
        Tokens(queries, corpus);
        Strings(queries);
        References(queries, corpus);
        Uris(queries);
        Missing(queries);
        Composites(queries);
        Combinations(queries);
        return queries;
    }

    /// <summary>AND combinations of pairs of queries that each matched some but not all resources.</summary>
    public static List<CorpusQuery> Pairs(IReadOnlyList<CorpusQuery> selective, int count, int seed = 7)
    {
        var random = new Random(seed);
        var byType = selective.GroupBy(q => q.Type).Where(g => g.Count() > 1).Select(g => g.ToList()).ToList();
        var pairs = new List<CorpusQuery>();
        for (var i = 0; i < count && byType.Count > 0; i++)
        {
            var group = byType[i % byType.Count];
            var a = group[random.Next(group.Count)];
            var b = group[random.Next(group.Count)];
            if (a != b)
            {
                pairs.Add(new CorpusQuery(a.Type, $"{a.Query}&{b.Query}"));
            }
        }

        return pairs;
    }

    private static void Dates(List<CorpusQuery> queries, Corpus corpus, IReadOnlyDictionary<string, DateTimeOffset> lastUpdated)
    {
        DateParam(queries, "Patient", "birthdate", corpus.Patients.Select(p => p.BirthDate));
        DateParam(queries, "Patient", "death-date", corpus.Patients.Select(p => (p.Deceased as FhirDateTime)?.Value));
        DateParam(queries, "Encounter", "date", corpus.Encounters.Select(e => e.Period?.Start));
        DateParam(queries, "Encounter", "date", corpus.Encounters.Select(e => e.Period?.End), anchors: 2);
        DateParam(queries, "Observation", "date", corpus.Observations.Select(o => o.Effective switch
        {
            FhirDateTime d => d.Value,
            Period p => p.Start,
            _ => null,
        }));
        DateParam(queries, "Observation", "value-date", corpus.Observations.Select(o => (o.Value as FhirDateTime)?.Value), anchors: 2);
        DateParam(queries, "RiskAssessment", "date", corpus.Risks.Select(r => (r.Occurrence as FhirDateTime)?.Value), anchors: 2);
        foreach (var type in new[] { "Patient", "Observation" })
        {
            var stamps = lastUpdated.Where(l => l.Key.StartsWith(type + "/", StringComparison.Ordinal))
                .Select(l => l.Value.ToString("yyyy-MM-dd'T'HH:mm:ss.fffK", CultureInfo.InvariantCulture));
            DateParam(queries, type, "_lastUpdated", stamps);
        }

        queries.Add(new("Patient", "birthdate=lt1950,gt2000"));
        queries.Add(new("Patient", "birthdate=1970,1985,1990-02"));
        queries.Add(new("Encounter", "date=ge2022-06&date=lt2023-01"));
        queries.Add(new("Observation", "date=ge2023-03-01T00:00:00%2B02:00&date=le2023-09-30"));
    }

    private static void DateParam(List<CorpusQuery> queries, string type, string param, IEnumerable<string?> values, int anchors = 3)
    {
        var sorted = values.Where(v => v is not null && DateRanges.TryParse(v, out _, out _))
            .Select(v => DateRanges.TryParse(v, out var low, out _) ? low : 0).Order().ToList();
        for (var a = 0; a < anchors && sorted.Count > 0; a++)
        {
            var anchor = DateTimeOffset.FromUnixTimeMilliseconds(sorted[sorted.Count * (a + 1) / (anchors + 1)]);
            var forms = new List<string>
            {
                anchor.ToString("yyyy", CultureInfo.InvariantCulture),
                anchor.ToString("yyyy-MM", CultureInfo.InvariantCulture),
                anchor.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                anchor.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            };
            if (a == 0)
            {
                forms.Add(anchor.ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
            }

            foreach (var form in forms)
            {
                foreach (var prefix in Prefixes)
                {
                    queries.Add(new(type, $"{param}={prefix}{Uri.EscapeDataString(form)}"));
                }
            }
        }
    }

    private static void NumbersAndQuantities(List<CorpusQuery> queries, Corpus corpus)
    {
        var probabilities = corpus.Risks.SelectMany(r => r.Prediction).Select(p => (p.Probability as FhirDecimal)?.Value)
            .OfType<decimal>().Distinct().Order().ToList();
        foreach (var value in Quantiles(probabilities, 4))
        {
            var text = value.ToString(CultureInfo.InvariantCulture);
            var forms = new[] { text, Math.Round(value, 1).ToString("0.0", CultureInfo.InvariantCulture), text + "0", (value * 100).ToString("0.##", CultureInfo.InvariantCulture) + "e-2" };
            foreach (var form in forms)
            {
                foreach (var prefix in Prefixes)
                {
                    queries.Add(new("RiskAssessment", $"probability={prefix}{form}"));
                }
            }
        }

        queries.Add(new("RiskAssessment", "probability=lt0.2,gt0.8"));
        queries.Add(new("RiskAssessment", "probability=ge0.25&probability=le0.75"));

        var quantities = corpus.Observations.Select(o => o.Value as Quantity).OfType<Quantity>().ToList();
        foreach (var quantity in Quantiles(quantities.OrderBy(q => q.Code ?? q.Unit).ThenBy(q => q.Value).ToList(), 5))
        {
            var value = quantity.Value!.Value.ToString(CultureInfo.InvariantCulture);
            var forms = new[]
            {
                value, $"{value}|{Ucum}|{quantity.Unit}", $"{value}||{quantity.Unit}", $"{value}|{Ucum}|",
            };
            queries.Add(new("Observation", $"value-quantity=ge{Uri.EscapeDataString($"{value}|http://example.org/units|{quantity.Unit}")}"));
            foreach (var form in forms)
            {
                foreach (var prefix in Prefixes)
                {
                    queries.Add(new("Observation", $"value-quantity={prefix}{Uri.EscapeDataString(form)}"));
                }
            }
        }

        queries.Add(new("Observation", "value-quantity=lt1,gt150"));
        queries.Add(new("Observation", "value-quantity=ge70||/min&value-quantity=le80"));
        queries.Add(new("Observation", "value-quantity=0.95"));
        queries.Add(new("Observation", "value-quantity=1e2"));
        queries.Add(new("Observation", "value-quantity=13.6||g/dL"));
        foreach (var prefix in Prefixes)
        {
            queries.Add(new("Encounter", $"length={prefix}600"));
            queries.Add(new("Encounter", $"length={prefix}{Uri.EscapeDataString("1200|http://unitsofmeasure.org|min")}"));
            queries.Add(new("Observation", $"component-value-quantity={prefix}120"));
            queries.Add(new("Observation", $"component-value-quantity={prefix}{Uri.EscapeDataString("80||mm[Hg]")}"));
        }
    }

    private static void Tokens(List<CorpusQuery> queries, Corpus corpus)
    {
        string[] patient =
        [
            "gender=female", "gender=male", "gender=other", "gender=unknown", "gender=female,male", "gender:not=male", "gender:not=female,male",
            "identifier=MRN1003", $"identifier={MrnSystem}|MRN1003", "identifier=|MRN1003", "identifier=|MRN1000", $"identifier={MrnSystem}|",
            $"identifier={SsnSystem}|", "identifier=105-55-1005", $"identifier:of-type={V2IdType}|MR|MRN1000", $"identifier:of-type={V2IdType}|SS|105-55-1005",
            $"identifier:of-type={V2IdType}|MR|MRN1001", "identifier:text=medical record", "identifier:text=MEDICAL RECORD NUMBER", "identifier:not=MRN1000",
            "active=true", "active=false", "active:not=true", "active:not=false", "deceased=true", "deceased=false", "deceased:not=true",
            "_tag=vip", $"_tag={TagSystem}|vip", $"_tag={TagSystem}|", "_tag=|vip", "_tag:not=vip", $"_tag={TagSystem}|research-cohort,vip",
            "_security=R", "_security:text=restrict", "_security:not=R",
            "email=patient1@example.org", "phone=" + Uri.EscapeDataString(corpus.Patients[1].Telecom[0].Value!), "telecom=patient5@example.org",
            "language=fr",
        ];
        string[] observation =
        [
            "code:text=heart", "code:text=BLOOD", "code:text=blood pressure", "code:text=urine colour", "code:text=sars",
            "code:not=8867-4", $"code:not={Loinc}|8867-4", "code:not=8867-4,85354-9", "code=8867-4,8310-5", $"code={Loinc}|", "code=|8867-4",
            "category=vital-signs", "category=laboratory", $"category={CategorySystem}|laboratory", "category:not=laboratory", "category:text=vital",
            "status=final", "status:not=final", "status=preliminary,amended",
            "value-concept=260385009", $"value-concept={Snomed}|10828004", "value-concept:text=détecté", "value-concept:text=DETECTE", "value-concept:text=neg",
            "value-concept:not=10828004", "component-code=8480-6", $"component-code={Loinc}|8462-4", "combo-code=8480-6", "combo-code=85354-9", "combo-code:text=systolic",
            "_tag=research-cohort", "_security=R",
        ];
        string[] encounter =
        [
            "status=finished", "status=in-progress,planned", "status:not=cancelled", "class=AMB", $"class={ActCode}|IMP", "class:not=EMER", $"class={ActCode}|",
            "type=185349003", $"type={Snomed}|270427003", "type:text=check", "type:text=CHECK-UP", "type:text=patient-init", "type:not=185349003",
        ];
        queries.AddRange(patient.Select(q => new CorpusQuery("Patient", q)));
        queries.AddRange(observation.Select(q => new CorpusQuery("Observation", q)));
        queries.AddRange(encounter.Select(q => new CorpusQuery("Encounter", q)));
        foreach (var (code, _, _, _, _) in VitalCodes.Append(("85354-9", "", "", 0m, 0)).Append(("94500-6", "", "", 0m, 0)))
        {
            queries.Add(new("Observation", $"code={code}"));
            queries.Add(new("Observation", $"code={Loinc}|{code}"));
            queries.Add(new("Observation", $"code=|{code}"));
            queries.Add(new("Observation", $"code=http://example.org|{code}"));
        }

        queries.Add(new("Patient", "_id=pat-01"));
        queries.Add(new("Patient", "_id=pat-01,pat-02,nope"));
        queries.Add(new("Patient", "_id:not=pat-01"));
        queries.Add(new("Observation", "_id=obs-007,obs-017&code=85354-9"));
        queries.Add(new("Encounter", "_id=enc-00,enc-01,enc-02&status:not=finished"));
    }

    private static void Strings(List<CorpusQuery> queries)
    {
        string[] probes =
        [
            "muller", "Müller", "MÜL", "mul", "garc", "GARCÍA", "nunez", "Núñez", "o'b", "ode", "ødegaard", "van der", "van d", "smith", "smith-",
            "celik", "ÇELİK", "angstrom", "łukasik", "lukasik", "jose", "josé", "JOSE", "elodie", "anne", "anne-marie", "bjorn", "zoe", "francois", "søren", "renee", "x",
        ];
        foreach (var probe in probes)
        {
            var value = Uri.EscapeDataString(probe);
            queries.Add(new("Patient", $"name={value}"));
            queries.Add(new("Patient", $"family={value}"));
            queries.Add(new("Patient", $"given={value}"));
            queries.Add(new("Patient", $"name:contains={value}"));
        }

        string[] exact = ["Müller", "MÜLLER", "muller", "García", "garcia", "Smith", "José", "Jose", "zoë", "van der Berg", "van der"];
        queries.AddRange(exact.Select(e => new CorpusQuery("Patient", $"family:exact={Uri.EscapeDataString(e)}")));
        queries.AddRange(exact.Select(e => new CorpusQuery("Patient", $"name:exact={Uri.EscapeDataString(e)}")));
        string[] contains = ["ll", "ÜLL", "arci", "-jones", "der b", "ree", "ÖRN", "nn"];
        queries.AddRange(contains.Select(c => new CorpusQuery("Patient", $"family:contains={Uri.EscapeDataString(c)}")));
        queries.AddRange(contains.Select(c => new CorpusQuery("Patient", $"given:contains={Uri.EscapeDataString(c)}")));
        string[] cities = ["sao", "São Paulo", "zur", "zürich", "ZURICH", "boston", "montreal", "koln", "reykjavik", "paulo"];
        foreach (var city in cities)
        {
            queries.Add(new("Patient", $"address-city={Uri.EscapeDataString(city)}"));
            queries.Add(new("Patient", $"address-city:exact={Uri.EscapeDataString(city)}"));
            queries.Add(new("Patient", $"address:contains={Uri.EscapeDataString(city)}"));
        }

        queries.Add(new("Patient", "address:contains=eglise"));
        queries.Add(new("Patient", "address=rue"));
        queries.Add(new("Patient", "address-country=ch"));
        queries.Add(new("Patient", "address-postalcode=1"));
        queries.Add(new("Patient", "name=smith,garcia,muller"));
        queries.Add(new("Patient", "family=smith&given=jo"));
        queries.Add(new("Patient", "name=muller&name:contains=ll&name:exact=Müller"));
        queries.Add(new("Observation", "value-string=pale"));
        queries.Add(new("Observation", "value-string=ambar"));
        queries.Add(new("Observation", $"value-string:exact={Uri.EscapeDataString("Ámbar oscuro")}"));
        queries.Add(new("Observation", "value-string:contains=OSCURO"));
    }

    private static void References(List<CorpusQuery> queries, Corpus corpus)
    {
        var subjects = corpus.Observations.Select(o => o.Subject?.Reference).OfType<string>()
            .Where(r => r.StartsWith("Patient/", StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal).Take(4).ToList();
        foreach (var subject in subjects)
        {
            var id = subject["Patient/".Length..];
            foreach (var q in new[] { $"subject={subject}", $"subject={id}", $"subject:Patient={id}", $"patient={id}", $"patient={subject}", $"subject:Group={id}" })
            {
                queries.Add(new("Observation", q));
            }

            queries.Add(new("Encounter", $"subject={subject}"));
            queries.Add(new("Encounter", $"patient={id}"));
            queries.Add(new("RiskAssessment", $"subject={id}"));
        }

        queries.Add(new("Observation", $"subject={string.Join(",", subjects)}"));
        queries.Add(new("Observation", "subject=Group/grp-1"));
        queries.Add(new("Observation", "subject:Group=grp-1"));
        queries.Add(new("Observation", "subject=grp-1"));
        queries.Add(new("Observation", "patient=grp-1"));
        queries.Add(new("Observation", $"subject={Uri.EscapeDataString(OtherServerPatient)}"));
        var encounter = corpus.Observations.Select(o => o.Encounter?.Reference).OfType<string>().Order(StringComparer.Ordinal).First();
        queries.Add(new("Observation", $"encounter={encounter}"));
        queries.Add(new("Observation", $"encounter={encounter["Encounter/".Length..]}"));
        queries.Add(new("Observation", $"encounter={encounter}&subject:missing=false"));
    }

    private static void Uris(List<CorpusQuery> queries)
    {
        foreach (var type in new[] { "Patient", "Observation" })
        {
            var kind = type.ToLowerInvariant();
            queries.Add(new(type, $"_profile={ProfileBase}{kind}-base"));
            queries.Add(new(type, $"_profile={ProfileBase}{kind}-base/v2"));
            queries.Add(new(type, $"_profile:below={ProfileBase}"));
            queries.Add(new(type, $"_profile:below={ProfileBase}{kind}-base"));
            queries.Add(new(type, $"_profile:below={ProfileBase}{kind}-base/v2"));
            queries.Add(new(type, $"_profile:above={ProfileBase}{kind}-base/v2/extra"));
            queries.Add(new(type, $"_profile:above={ProfileBase}{kind}-base"));
            queries.Add(new(type, $"_profile:above={ProfileBase}"));
            queries.Add(new(type, $"_profile={UsCorePatient}"));
            queries.Add(new(type, "_profile:below=http://hl7.org/fhir/us/core"));
            queries.Add(new(type, $"_profile={UsCorePatient},{ProfileBase}{kind}-base"));
        }
    }

    private static void Missing(List<CorpusQuery> queries)
    {
        var parameters = new (string Type, string[] Names)[]
        {
            ("Patient", ["birthdate", "gender", "deceased", "death-date", "active", "family", "name", "address-city", "email", "phone", "identifier", "_tag", "_profile", "_security", "_id"]),
            ("Observation", ["value-quantity", "value-concept", "value-string", "value-date", "encounter", "date", "subject", "code-value-quantity", "component-code-value-quantity", "combo-code", "component-code"]),
            ("Encounter", ["length", "date", "type", "class", "subject"]),
            ("RiskAssessment", ["probability", "date"]),
        };
        foreach (var (type, names) in parameters)
        {
            foreach (var name in names)
            {
                queries.Add(new(type, $"{name}:missing=true"));
                queries.Add(new(type, $"{name}:missing=false"));
            }
        }
    }

    private static void Composites(List<CorpusQuery> queries)
    {
        foreach (var prefix in Prefixes)
        {
            queries.Add(new("Observation", $"code-value-quantity={Uri.EscapeDataString($"{Loinc}|8867-4${prefix}72")}"));
            queries.Add(new("Observation", $"component-code-value-quantity={Uri.EscapeDataString($"{Loinc}|8480-6${prefix}130")}"));
            queries.Add(new("Observation", $"component-code-value-quantity={Uri.EscapeDataString($"8462-4${prefix}80||mm[Hg]")}"));
            queries.Add(new("Observation", $"combo-code-value-quantity={Uri.EscapeDataString($"8480-6${prefix}140")}"));
            queries.Add(new("Observation", $"code-value-quantity={Uri.EscapeDataString($"718-7${prefix}13.6|{Ucum}|g/dL")}"));
        }

        string[] more =
        [
            "code-value-quantity=29463-7$ge78.5|http://unitsofmeasure.org|kg", "code-value-quantity=8310-5$37", "code-value-quantity=8867-4$gt70,8310-5$gt37",
            "code-value-quantity=8480-6$gt0", "component-code-value-quantity=8867-4$gt0", "combo-code-value-quantity=8867-4$gt80",
            "code-value-concept=94500-6$260385009", "code-value-concept=http://loinc.org|94500-6$http://snomed.info/sct|10828004",
            "code-value-string=5778-6$pale", "code-value-string=5778-6$ámbar", "code-value-date=21112-8$ge1980", "code-value-date=21112-8$lt1975-06",
            "component-code-value-quantity=8480-6$ge140&component-code-value-quantity=8462-4$lt80",
        ];
        queries.AddRange(more.Select(q => new CorpusQuery("Observation", q.Replace("$", "%24", StringComparison.Ordinal).Replace("|", "%7C", StringComparison.Ordinal))));
    }

    private static void Combinations(List<CorpusQuery> queries)
    {
        string[] patient =
        [
            "gender=female&birthdate=ge1970", "gender=male&active=true", "name=smith&gender=female,male", "birthdate=ge1960&birthdate=lt1990",
            "address-city=boston&_tag:missing=true", "identifier=MRN1000&identifier=105-55-1000", "identifier=MRN1000&identifier=MRN1001",
            "family=smith&family:exact=SMITH", "_lastUpdated=ge2024-01-02&gender=female", "deceased=true&death-date:missing=true",
        ];
        string[] observation =
        [
            "code=8867-4&value-quantity=gt70", "category=vital-signs&date=ge2023-06", "status=final&code:not=85354-9&value-quantity:missing=false",
            "patient:missing=false&subject:missing=false", "code=85354-9&component-code-value-quantity=8480-6%24gt120",
        ];
        queries.AddRange(patient.Select(q => new CorpusQuery("Patient", q)));
        queries.AddRange(observation.Select(q => new CorpusQuery("Observation", q)));
        queries.Add(new("Encounter", "status=finished&date=ge2022-07&class=AMB,IMP"));
    }

    private static IEnumerable<T> Quantiles<T>(IReadOnlyList<T> sorted, int count) =>
        Enumerable.Range(1, count).Select(i => sorted[sorted.Count * i / (count + 1)]).Distinct();
}
