using Herald.Server;

namespace Herald.UnitTests;

public sealed class CommandLineTests
{
    [Fact]
    public void Parse_KnownFlags_HasNoErrors() =>
        Assert.Empty(HeraldCommandLine.Build().Parse(["--port", "9000", "--data-dir", "/tmp/x", "--storage", "sqlite", "--base-url", "https://h.example"]).Errors);

    [Fact]
    public void Parse_UnknownFlag_IsAnErrorNamingIt()
    {
        var errors = HeraldCommandLine.Build().Parse(["--prot", "9000"]).Errors;
        Assert.Contains(errors, e => e.Message.Contains("--prot", StringComparison.Ordinal));
    }

    [Fact]
    public void Invoke_UnknownFlag_ExitsNonZeroWithoutStarting() =>
        Assert.NotEqual(0, HeraldCommandLine.Build().Parse(["--bogus"]).Invoke());

    [Fact]
    public void Invoke_Help_ExitsZero() =>
        Assert.Equal(0, HeraldCommandLine.Build().Parse(["--help"]).Invoke());

    [Fact]
    public void EnvironmentMapping_MapsHeraldVariablesOntoHeraldKeys()
    {
        var name = "HERALD_UNIT_TEST_" + Guid.NewGuid().ToString("N").ToUpperInvariant();
        Environment.SetEnvironmentVariable(name, "value");
        try
        {
            var mapped = EnvironmentMapping.Read();
            Assert.Equal("value", mapped["Herald:" + name["HERALD_".Length..].Replace("_", "", StringComparison.Ordinal)]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void EnvironmentMapping_DataDirVariable_BindsToTheDataDirKey()
    {
        Environment.SetEnvironmentVariable("HERALD_DATA_DIR", "/srv/herald-unit");
        try
        {
            Assert.Equal("/srv/herald-unit", EnvironmentMapping.Read()["Herald:DataDir"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable("HERALD_DATA_DIR", null);
        }
    }
}
