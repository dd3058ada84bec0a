using Hl7.Fhir.Model;
using Herald.Core.Fhir;
using Herald.Core.Search.Definitions;

namespace Herald.UnitTests.Search;

public sealed class SearchParameterRegistryTests
{
    [Fact]
    public void For_EveryResourceType_CompilesAllItsParameters()
    {
        var failures = new List<string>();
        foreach (var type in ResourceTypes.All)
        {
            try
            {
                Assert.NotEmpty(SearchParameterRegistry.Instance.For(type));
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                failures.Add($"{type}: {e.Message}");
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public void For_Encounter_HasStandardAndCommonParameters()
    {
        var encounter = SearchParameterRegistry.Instance.For("Encounter");
        Assert.Equal(SearchParamType.Reference, encounter["subject"].Type);
        Assert.Equal(["Group", "Patient"], encounter["subject"].Targets.Order());
        Assert.Equal(SearchParamType.Date, encounter["_lastUpdated"].Type);
        Assert.Equal(SearchParamType.Token, encounter["_tag"].Type);
    }

    [Fact]
    public void For_Observation_HasTwoComponentComposites()
    {
        var composite = SearchParameterRegistry.Instance.For("Observation")["code-value-quantity"];
        Assert.Equal(2, composite.Components.Count);
        Assert.Equal(SearchParamType.Quantity, composite.Components[1].Type);
    }

    [Theory]
    [InlineData("Account.identifier | Patient.identifier | Person.identifier", "Patient", "Patient.identifier")]
    [InlineData("(Patient.deceased as dateTime)", "Patient", "(Patient.deceased as dateTime)")]
    [InlineData("CarePlan.subject.where(resolve() is Patient) | Encounter.subject.where(resolve() is Patient)", "Encounter", "Encounter.subject.where(resolve() is Patient)")]
    public void Narrow_KeepsOnlyTheBranchesOfTheType(string expression, string type, string expected) =>
        Assert.Equal(expected, ExpressionNarrower.Narrow(expression, type));
}
