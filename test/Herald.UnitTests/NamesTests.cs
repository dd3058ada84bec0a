using Herald.Core.Fhir;
using Herald.Core.Tenancy;

namespace Herald.UnitTests;

public sealed class NamesTests
{
    [Theory]
    [InlineData("acme", true)]
    [InlineData("clinic-7", true)]
    [InlineData("Acme", false)]
    [InlineData("a_b", false)]
    [InlineData("", false)]
    [InlineData(Tenant.Default, false)]
    [InlineData("-", false)]
    [InlineData("-a", false)]
    [InlineData("a-", false)]
    [InlineData("a-b", true)]
    public void TenantName_Validity(string name, bool valid) => Assert.Equal(valid, Tenant.IsValidName(name));

    [Fact]
    public void TenantName_LongerThanLimit_IsInvalid() => Assert.False(Tenant.IsValidName(new string('a', Tenant.MaxLength + 1)));

    [Theory]
    [InlineData("abc-1.2", true)]
    [InlineData("a b", false)]
    [InlineData("a/b", false)]
    [InlineData("", false)]
    public void ResourceId_Validity(string id, bool valid) => Assert.Equal(valid, ResourceIds.IsValid(id));

    [Fact]
    public void NewId_IsAValidUniqueId()
    {
        var ids = Enumerable.Range(0, 100).Select(_ => ResourceIds.NewId()).ToList();
        Assert.All(ids, id => Assert.True(ResourceIds.IsValid(id)));
        Assert.Equal(100, ids.Distinct().Count());
    }

    [Fact]
    public void ResourceTypes_KnowsConcreteTypesOnly()
    {
        Assert.True(ResourceTypes.IsKnown("Patient"));
        Assert.False(ResourceTypes.IsKnown("DomainResource"));
        Assert.False(ResourceTypes.IsKnown("patient"));
    }
}
