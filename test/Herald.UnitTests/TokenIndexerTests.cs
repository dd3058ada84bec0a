using Hl7.Fhir.Model;
using Herald.Core.Search;
using Herald.Core.Storage;

namespace Herald.UnitTests;

public sealed class TokenIndexerTests
{
    private readonly TokenIndexer _indexer = new();

    [Fact]
    public void Extract_PatientIdentifiers_UsesTheR4Definition()
    {
        var patient = new Patient
        {
            Identifier =
            [
                new Identifier("urn:mrn", "123"),
                new Identifier { Value = "no-system" },
            ],
        };

        var entries = _indexer.Extract(patient);

        Assert.Equal(
            [new TokenIndexEntry("identifier", "urn:mrn", "123"), new TokenIndexEntry("identifier", null, "no-system")],
            entries);
    }

    [Fact]
    public void Extract_ObservationIdentifier_Works() =>
        Assert.Single(_indexer.Extract(new Observation { Identifier = [new Identifier("urn:lab", "9")] }));

    [Fact]
    public void Extract_ResourceWithoutIdentifiers_IsEmpty() =>
        Assert.Empty(_indexer.Extract(new Patient { Active = true }));
}
