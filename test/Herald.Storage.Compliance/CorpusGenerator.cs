using System.Globalization;
using Hl7.Fhir.Model;

namespace Herald.Storage.Compliance;

/// <summary>The generated resources, by type, in the order they are stored.</summary>
public sealed record Corpus(
    IReadOnlyList<Patient> Patients,
    IReadOnlyList<Encounter> Encounters,
    IReadOnlyList<Observation> Observations,
    IReadOnlyList<RiskAssessment> Risks)
{
    public IEnumerable<Resource> All =>
        Patients.Cast<Resource>().Concat(Encounters).Concat(Observations).Concat(Risks);
}

/// <summary>
/// A realistic, deterministic (fixed seed) clinical corpus: patients with accented and oddly cased
/// names, partial birth dates and typed identifiers; encounters with open and zoned periods;
/// observations with LOINC codes, quantities of varied precision, blood-pressure components and
/// other value types; risk assessments with decimal probabilities (for number search).
/// </summary>
public static class CorpusGenerator
{
    public const string Loinc = "http://loinc.org";
    public const string Ucum = "http://unitsofmeasure.org";
    public const string Snomed = "http://snomed.info/sct";
    public const string MrnSystem = "urn:oid:1.2.36.146.595.217.0.1";
    public const string SsnSystem = "http://hl7.org/fhir/sid/us-ssn";
    public const string V2IdType = "http://terminology.hl7.org/CodeSystem/v2-0203";
    public const string ActCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    public const string CategorySystem = "http://terminology.hl7.org/CodeSystem/observation-category";
    public const string TagSystem = "http://example.org/tags";
    public const string ProfileBase = "http://example.org/fhir/StructureDefinition/";
    public const string UsCorePatient = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient";
    public const string OtherServerPatient = "http://other.example.org/fhir/Patient/77";

    public static readonly string[] Families =
        ["Müller", "MÜLLER", "Muller", "García", "garcia", "Núñez", "O'Brien", "Ødegaard", "van der Berg", "Smith", "SMITH", "Smith-Jones", "Çelik", "Ångström", "Łukasik", "Dupont"];

    public static readonly string[] Givens =
        ["José", "Jose", "Élodie", "Anne-Marie", "Björn", "Chloé", "Søren", "Renée", "Mary", "JOHN", "zoë", "François"];

    public static readonly string[] Cities = ["São Paulo", "Zürich", "Montréal", "Boston", "BOSTON", "Köln", "Reykjavík"];

    /// <summary>LOINC code, display, unit (UCUM), typical value, decimals.</summary>
    public static readonly (string Code, string Display, string Unit, decimal Typical, int Decimals)[] VitalCodes =
    [
        ("8867-4", "Heart rate", "/min", 72m, 0),
        ("8310-5", "Body temperature", "Cel", 37.0m, 1),
        ("29463-7", "Body weight", "kg", 78.5m, 1),
        ("8302-2", "Body height", "cm", 172m, 0),
        ("2339-0", "Glucose [Mass/volume] in Blood", "mg/dL", 98m, 0),
        ("718-7", "Hemoglobin [Mass/volume] in Blood", "g/dL", 13.60m, 2),
        ("2160-0", "Creatinine [Mass/volume] in Serum", "mg/dL", 0.950m, 3),
    ];

    public static Corpus Generate(int seed = 20240611)
    {
        var random = new Random(seed);
        var patients = Enumerable.Range(0, 60).Select(i => NewPatient(random, i)).ToList();
        var encounters = Enumerable.Range(0, 80).Select(i => NewEncounter(random, i, patients)).ToList();
        var observations = Enumerable.Range(0, 150).Select(i => NewObservation(random, i, patients, encounters)).ToList();
        var risks = Enumerable.Range(0, 30).Select(i => NewRisk(random, i, patients)).ToList();
        return new Corpus(patients, encounters, observations, risks);
    }

    private static Patient NewPatient(Random random, int i)
    {
        var patient = new Patient { Id = $"pat-{i:D2}" };
        var name = new HumanName { Family = Families[i % Families.Length], Given = [Givens[random.Next(Givens.Length)]] };
        if (i % 7 == 0)
        {
            name.GivenElement.Add(new FhirString(Givens[(i / 7) % Givens.Length]));
        }

        if (i % 11 == 0)
        {
            name.Text = $"{name.Given.First()} {name.Family}";
        }

        patient.Name.Add(name);
        patient.Gender = (i % 10) switch
        {
            0 => null,
            1 or 3 or 5 or 7 => AdministrativeGender.Female,
            2 or 4 or 6 => AdministrativeGender.Male,
            8 => AdministrativeGender.Other,
            _ => AdministrativeGender.Unknown,
        };
        var year = 1940 + random.Next(70);
        var month = 1 + random.Next(12);
        var day = 1 + random.Next(28);
        patient.BirthDate = (i % 9) switch
        {
            0 => null,
            1 => year.ToString(CultureInfo.InvariantCulture),
            2 or 3 => $"{year:D4}-{month:D2}",
            _ => $"{year:D4}-{month:D2}-{day:D2}",
        };

        if (i % 6 != 5)
        {
            var mrn = new Identifier(i % 4 == 3 ? null : MrnSystem, $"MRN{1000 + i}");
            if (i % 3 == 0)
            {
                mrn.Type = new CodeableConcept(V2IdType, "MR", "Medical record number", "Medical Record Nümber");
            }

            patient.Identifier.Add(mrn);
        }

        if (i % 5 == 0)
        {
            patient.Identifier.Add(new Identifier(SsnSystem, $"{100 + i}-55-{1000 + i}") { Type = new CodeableConcept(V2IdType, "SS") });
        }

        if (i % 8 != 7)
        {
            patient.Address.Add(new Address
            {
                Line = [$"{random.Next(1, 200)} Rue de l'Église"],
                City = Cities[i % Cities.Length],
                PostalCode = $"{10000 + random.Next(89999)}",
                Country = i % 2 == 0 ? "CH" : "BR",
            });
        }

        if (i % 3 != 2)
        {
            patient.Telecom.Add(new ContactPoint(ContactPoint.ContactPointSystem.Phone, ContactPoint.ContactPointUse.Home, $"+41 44 555 {i:D2} {random.Next(10, 99)}"));
        }

        if (i % 4 == 1)
        {
            patient.Telecom.Add(new ContactPoint(ContactPoint.ContactPointSystem.Email, null, $"patient{i}@example.org"));
        }

        patient.Active = (i % 5) switch { 0 => null, 4 => false, _ => true };
        patient.Deceased = (i % 13) switch
        {
            3 => new FhirBoolean(true),
            6 => new FhirBoolean(false),
            9 => new FhirDateTime($"{2015 + (i % 8)}-0{1 + (i % 9)}-1{i % 10}T08:15:00+01:00"),
            _ => null,
        };

        AddMeta(patient, i, "patient");
        return patient;
    }

    private static Encounter NewEncounter(Random random, int i, List<Patient> patients)
    {
        var encounter = new Encounter
        {
            Id = $"enc-{i:D2}",
            Status = (i % 4) switch
            {
                0 => Encounter.EncounterStatus.Finished,
                1 => Encounter.EncounterStatus.InProgress,
                2 => Encounter.EncounterStatus.Planned,
                _ => Encounter.EncounterStatus.Cancelled,
            },
            Class = (i % 3) switch
            {
                0 => new Coding(ActCode, "AMB", "ambulatory"),
                1 => new Coding(ActCode, "IMP", "inpatient encounter"),
                _ => new Coding(ActCode, "EMER", "emergency"),
            },
            Subject = new ResourceReference($"Patient/{patients[random.Next(patients.Count)].Id}"),
        };
        encounter.Type.Add(i % 2 == 0
            ? new CodeableConcept(Snomed, "185349003", "Encounter for check up", "Check-up visit")
            : new CodeableConcept(Snomed, "270427003", "Patient-initiated encounter"));

        var start = new DateTimeOffset(2022, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(random.Next(0, 2 * 365 * 24 * 60));
        var offset = (i % 5) switch { 0 => TimeSpan.FromHours(2), 1 => TimeSpan.FromHours(-5), _ => TimeSpan.Zero };
        var period = new Period();
        period.Start = i % 10 == 9 ? start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : Instant(start, offset);
        if (i % 6 != 1)
        {
            var minutes = random.Next(15, 60 * 72);
            period.End = Instant(start.AddMinutes(minutes), offset);
            encounter.Length = new Duration { Value = minutes, Unit = "min", System = Ucum, Code = "min" };
        }

        encounter.Period = period;
        return encounter;
    }

    private static Observation NewObservation(Random random, int i, List<Patient> patients, List<Encounter> encounters)
    {
        var observation = new Observation
        {
            Id = $"obs-{i:D3}",
            Status = (i % 7) switch { 0 => ObservationStatus.Preliminary, 1 => ObservationStatus.Amended, _ => ObservationStatus.Final },
            Subject = (i % 37) switch
            {
                5 => new ResourceReference(OtherServerPatient),
                17 => new ResourceReference("Group/grp-1"),
                _ => new ResourceReference($"Patient/{patients[random.Next(patients.Count)].Id}"),
            },
        };
        if (i % 3 == 0)
        {
            observation.Encounter = new ResourceReference($"Encounter/{encounters[random.Next(encounters.Count)].Id}");
        }

        var kind = i % 10;
        if (kind == 7)
        {
            BloodPressure(random, observation);
        }
        else if (kind == 8)
        {
            observation.Category.Add(new CodeableConcept(CategorySystem, "laboratory", "Laboratory"));
            observation.Code = new CodeableConcept(Loinc, "94500-6", "SARS-CoV-2 RNA Pr NAA+probe Ql Resp");
            observation.Value = i % 20 == 8
                ? new CodeableConcept(Snomed, "260385009", "Negative")
                : new CodeableConcept(Snomed, "10828004", "Positive") { Text = "Détecté" };
        }
        else if (kind == 9)
        {
            observation.Category.Add(new CodeableConcept(CategorySystem, "laboratory"));
            observation.Code = i % 20 == 9
                ? new CodeableConcept(Loinc, "5778-6", "Color of Urine") { Text = "Urine colour" }
                : new CodeableConcept(Loinc, "21112-8", "Birth date");
            observation.Value = i % 20 == 9
                ? new FhirString(i % 40 == 9 ? "Pale yellow" : "Ámbar oscuro")
                : new FhirDateTime(Instant(new DateTimeOffset(1960 + i % 50, 1 + i % 12, 1 + i % 28, 6, 30, 0, TimeSpan.Zero), TimeSpan.Zero));
        }
        else
        {
            var (code, display, unit, typical, decimals) = VitalCodes[kind % VitalCodes.Length];
            var vital = code is "8867-4" or "8310-5" or "29463-7" or "8302-2";
            observation.Category.Add(new CodeableConcept(CategorySystem, vital ? "vital-signs" : "laboratory"));
            observation.Code = new CodeableConcept(Loinc, code, display);
            var spread = (decimal)(random.NextDouble() * 0.4 - 0.2);
            var value = Math.Round(typical * (1 + spread), decimals);
            var quantity = new Quantity { Value = value, Unit = unit };
            if (i % 9 != 4)
            {
                quantity.System = Ucum;
                quantity.Code = unit;
            }

            observation.Value = quantity;
        }

        var when = new DateTimeOffset(2023, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(random.Next(0, 365 * 24 * 60));
        observation.Effective = (i % 6) switch
        {
            0 => new Period { Start = Instant(when, TimeSpan.Zero), End = Instant(when.AddHours(2), TimeSpan.Zero) },
            1 => new FhirDateTime(when.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            2 => new FhirDateTime(Instant(when, TimeSpan.FromHours(9))),
            3 when i % 4 == 3 => null,
            4 => new Period { Start = Instant(when, TimeSpan.FromHours(-3)) },
            _ => new FhirDateTime(Instant(when, TimeSpan.Zero)),
        };

        AddMeta(observation, i, "observation");
        return observation;
    }

    private static void BloodPressure(Random random, Observation observation)
    {
        observation.Category.Add(new CodeableConcept(CategorySystem, "vital-signs", "Vital Signs"));
        observation.Code = new CodeableConcept(Loinc, "85354-9", "Blood pressure panel with all children optional") { Text = "Blood pressure" };
        var systolic = 100 + random.Next(70);
        var diastolic = 60 + random.Next(40);
        observation.Component.Add(new Observation.ComponentComponent
        {
            Code = new CodeableConcept(Loinc, "8480-6", "Systolic blood pressure"),
            Value = new Quantity { Value = systolic, Unit = "mmHg", System = Ucum, Code = "mm[Hg]" },
        });
        observation.Component.Add(new Observation.ComponentComponent
        {
            Code = new CodeableConcept(Loinc, "8462-4", "Diastolic blood pressure"),
            Value = new Quantity { Value = diastolic + 0.5m * random.Next(2), Unit = "mmHg", System = Ucum, Code = "mm[Hg]" },
        });
    }

    private static RiskAssessment NewRisk(Random random, int i, List<Patient> patients)
    {
        var risk = new RiskAssessment
        {
            Id = $"risk-{i:D2}",
            Status = ObservationStatus.Final,
            Subject = new ResourceReference($"Patient/{patients[random.Next(patients.Count)].Id}"),
            Occurrence = new FhirDateTime(2023, 1 + i % 12, 1 + i % 28),
        };
        var decimals = 1 + i % 3;
        var prediction = new RiskAssessment.PredictionComponent
        {
            Outcome = new CodeableConcept(Snomed, i % 2 == 0 ? "22298006" : "230690007", i % 2 == 0 ? "Myocardial infarction" : "Stroke"),
        };
        prediction.Probability = i % 10 == 4
            ? new Hl7.Fhir.Model.Range { Low = new Quantity(0.1m, "%"), High = new Quantity(0.2m, "%") }
            : new FhirDecimal(Math.Round((decimal)random.NextDouble(), decimals));
        risk.Prediction.Add(prediction);
        if (i % 5 == 0)
        {
            risk.Prediction.Add(new RiskAssessment.PredictionComponent { Probability = new FhirDecimal(0.05m * (i / 5 + 1)) });
        }

        return risk;
    }

    private static void AddMeta(Resource resource, int i, string kind)
    {
        if (i % 7 == 2)
        {
            resource.Meta ??= new Meta();
            resource.Meta.Tag.Add(new Coding(TagSystem, i % 14 == 2 ? "vip" : "research-cohort"));
        }

        if (i % 9 == 4)
        {
            resource.Meta ??= new Meta();
            resource.Meta.Profile = i % 18 == 4 && kind == "patient"
                ? [UsCorePatient]
                : [$"{ProfileBase}{kind}-base", $"{ProfileBase}{kind}-base/v2"];
        }

        if (i % 12 == 5)
        {
            resource.Meta ??= new Meta();
            resource.Meta.Security.Add(new Coding("http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "R", "restricted"));
        }
    }

    private static string Instant(DateTimeOffset utc, TimeSpan offset) =>
        utc.ToOffset(offset).ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture).Replace("+00:00", "Z", StringComparison.Ordinal);
}
