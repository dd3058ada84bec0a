using Hl7.Fhir.Model;
using Herald.Core.Search.Indexing;

namespace Herald.UnitTests.Search;

public sealed class SearchIndexerTests
{
    private static readonly SearchIndexer Indexer = new();

    private static Patient NewPatient() => new()
    {
        Id = "p1",
        Name = [new HumanName { Family = "Müller", Given = ["José", "Anne-Marie"] }],
        Gender = AdministrativeGender.Female,
        BirthDate = "1985-07",
        Identifier =
        [
            new Identifier("urn:mrn", "MRN1") { Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/v2-0203", "MR") { Text = "Medical Record" } },
            new Identifier(null, "plain"),
        ],
        Address = [new Address { City = "São Paulo", PostalCode = "01000", Country = "BR" }],
        Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Email, null, "a@example.org")],
        Active = true,
        Meta = new Meta { Tag = [new Coding("urn:tags", "vip")], Profile = ["http://example.org/profile"] },
    };

    [Fact]
    public void Extract_Patient_IndexesNamesNormalizedAndExact()
    {
        var index = Indexer.Extract(NewPatient());

        Assert.Contains(new StringRow("family", "muller", "Müller"), index.Strings);
        Assert.Contains(new StringRow("given", "jose", "José"), index.Strings);
        Assert.Contains(new StringRow("name", "anne-marie", "Anne-Marie"), index.Strings);
        Assert.Contains(new StringRow("address-city", "sao paulo", "São Paulo"), index.Strings);
    }

    [Fact]
    public void Extract_Patient_IndexesTokensWithSystemsAndOfTypeRows()
    {
        var index = Indexer.Extract(NewPatient());

        // A plain code carries no system in the index.
        Assert.Contains(new TokenRow("gender", null, "female", null), index.Tokens);
        Assert.Contains(new TokenRow("identifier", "urn:mrn", "MRN1", "medical record"), index.Tokens);
        Assert.Contains(new TokenRow("identifier", null, "plain", null), index.Tokens);
        Assert.Contains(new TokenRow("identifier" + TokenValues.OfTypeSuffix, "http://terminology.hl7.org/CodeSystem/v2-0203|MR", "MRN1", null), index.Tokens);
        Assert.Contains(new TokenRow("active", null, "true", null), index.Tokens);
        Assert.Contains(new TokenRow("email", null, "a@example.org", null), index.Tokens);
        Assert.Contains(new TokenRow("_tag", "urn:tags", "vip", null), index.Tokens);
        Assert.Contains(new UriRow("_profile", "http://example.org/profile"), index.Uris);
    }

    [Fact]
    public void Extract_PartialBirthDate_IndexesTheWholeMonth()
    {
        var index = Indexer.Extract(NewPatient());

        var row = Assert.Single(index.Dates, d => d.Param == "birthdate");
        Assert.Equal(new DateTimeOffset(1985, 7, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), row.Low);
        Assert.Equal(new DateTimeOffset(1985, 8, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() - 1, row.High);
    }

    [Fact]
    public void Extract_PatientWithoutDeceased_IndexesDeceasedFalse()
    {
        var index = Indexer.Extract(NewPatient());

        // R4's expression is "Patient.deceased.exists() and Patient.deceased != false".
        Assert.Contains(index.Tokens, t => t.Param == "deceased" && t.Code == "false");
        Assert.DoesNotContain(index.Tokens, t => t.Param == "deceased" && t.Code == "true");
    }

    [Fact]
    public void Extract_EncounterSubject_ResolvesTypeFromTheReferenceWithoutADatabase()
    {
        var encounter = new Encounter
        {
            Status = Encounter.EncounterStatus.Finished,
            Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB"),
            Subject = new ResourceReference("Patient/p1"),
            Period = new Period { Start = "2023-03-15T09:30:00+02:00" },
            Length = new Duration { Value = 90, Unit = "min", System = "http://unitsofmeasure.org", Code = "min" },
        };

        var index = Indexer.Extract(encounter);

        Assert.Contains(new ReferenceRow("subject", "Patient", "p1", null), index.References);
        // "patient" is Encounter.subject.where(resolve() is Patient): resolved from the reference text alone.
        Assert.Contains(new ReferenceRow("patient", "Patient", "p1", null), index.References);
        Assert.Contains(new TokenRow("class", "http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", null), index.Tokens);
        Assert.Contains(new QuantityRow("length", "http://unitsofmeasure.org", "min", "min", 90), index.Quantities);
        var date = Assert.Single(index.Dates, d => d.Param == "date");
        Assert.Equal(new DateTimeOffset(2023, 3, 15, 7, 30, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), date.Low);
        Assert.Equal(DateRanges.Max, date.High);
    }

    [Fact]
    public void Extract_EncounterWithGroupSubject_HasNoPatientReference()
    {
        var index = Indexer.Extract(new Encounter { Status = Encounter.EncounterStatus.Planned, Class = new Coding("s", "c"), Subject = new ResourceReference("Group/g1") });

        Assert.Contains(new ReferenceRow("subject", "Group", "g1", null), index.References);
        Assert.DoesNotContain(index.References, r => r.Param == "patient");
    }

    [Fact]
    public void Extract_Observation_IndexesCodeQuantityDateAndSubject()
    {
        var observation = new Observation
        {
            Status = ObservationStatus.Final,
            Code = new CodeableConcept { Coding = [new Coding("http://loinc.org", "8867-4", "Heart rate")], Text = "Pulse" },
            Subject = new ResourceReference("http://other.example.org/fhir/Patient/9"),
            Effective = new FhirDateTime("2023-05-01"),
            Value = new Quantity { Value = 72.5m, Unit = "/min", System = "http://unitsofmeasure.org", Code = "/min" },
        };

        var index = Indexer.Extract(observation);

        Assert.Contains(new TokenRow("code", "http://loinc.org", "8867-4", "heart rate"), index.Tokens);
        Assert.Contains(new TokenRow("code", null, null, "pulse"), index.Tokens);
        Assert.Contains(new QuantityRow("value-quantity", "http://unitsofmeasure.org", "/min", "/min", 72.5), index.Quantities);
        Assert.Contains(new ReferenceRow("subject", null, null, "http://other.example.org/fhir/Patient/9"), index.References);
        var date = Assert.Single(index.Dates, d => d.Param == "date");
        Assert.Equal(date.Low + (24 * 3600 * 1000) - 1, date.High);
        Assert.Contains(index.Composites, c => c.Param == "code-value-quantity" && c.Code1 == "8867-4" && c.Low2 == 72.5 && c.Code2 == "/min");
    }

    [Fact]
    public void Extract_BloodPressure_IndexesEachComponentPairOnlyWithItsOwnValue()
    {
        var observation = new Observation
        {
            Status = ObservationStatus.Final,
            Code = new CodeableConcept("http://loinc.org", "85354-9"),
            Component =
            [
                new Observation.ComponentComponent { Code = new CodeableConcept("http://loinc.org", "8480-6"), Value = new Quantity(140, "mm[Hg]") },
                new Observation.ComponentComponent { Code = new CodeableConcept("http://loinc.org", "8462-4"), Value = new Quantity(90, "mm[Hg]") },
            ],
        };

        var rows = Indexer.Extract(observation).Composites.Where(c => c.Param == "component-code-value-quantity").ToList();

        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, r => r.Code1 == "8480-6" && r.Low2 == 140);
        Assert.Contains(rows, r => r.Code1 == "8462-4" && r.Low2 == 90);
    }

    [Fact]
    public void Extract_ObservationWithStringValue_IndexesValueString()
    {
        var index = Indexer.Extract(new Observation { Status = ObservationStatus.Final, Code = new CodeableConcept("http://loinc.org", "5778-6"), Value = new FhirString("Pale Yellow") });

        Assert.Contains(new StringRow("value-string", "pale yellow", "Pale Yellow"), index.Strings);
    }

    [Fact]
    public void Extract_ObservationWithCodedValueWithoutText_IndexesNoValueString()
    {
        var index = Indexer.Extract(new Observation
        {
            Status = ObservationStatus.Final,
            Code = new CodeableConcept("http://loinc.org", "94500-6"),
            Value = new CodeableConcept { Coding = [new Coding("http://snomed.info/sct", "260385009", "Negative")] },
        });

        Assert.Contains(new TokenRow("value-concept", "http://snomed.info/sct", "260385009", "negative"), index.Tokens);
        Assert.DoesNotContain(index.Strings, s => s.Param == "value-string");
    }

    [Fact]
    public void Extract_ObservationWithCodedValueAndText_IndexesTheTextAsValueString()
    {
        // R4: value-string is "(Observation.value as string) | (Observation.value as CodeableConcept).text".
        var index = Indexer.Extract(new Observation
        {
            Status = ObservationStatus.Final,
            Code = new CodeableConcept("http://loinc.org", "94500-6"),
            Value = new CodeableConcept("http://snomed.info/sct", "10828004", "Détecté"),
        });

        Assert.Contains(new StringRow("value-string", "detecte", "Détecté"), index.Strings);
    }
}
