using System.Net;
using System.Text.Json.Nodes;
using Herald.Core.Errors;
using Herald.Core.Patch;

namespace Herald.UnitTests;

public sealed class JsonPatchTests
{
    private static string Apply(string document, string patch) =>
        JsonPatch.Apply(JsonNode.Parse(document), patch)?.ToJsonString() ?? "null";

    [Theory]
    [InlineData("""{"a":1}""", """[{"op":"add","path":"/b","value":2}]""", """{"a":1,"b":2}""")]
    [InlineData("""{"a":[1,3]}""", """[{"op":"add","path":"/a/1","value":2}]""", """{"a":[1,2,3]}""")]
    [InlineData("""{"a":[1]}""", """[{"op":"add","path":"/a/-","value":2}]""", """{"a":[1,2]}""")]
    [InlineData("""{"a":1}""", """[{"op":"add","path":"/a","value":5}]""", """{"a":5}""")]
    [InlineData("""{"a":1,"b":2}""", """[{"op":"remove","path":"/a"}]""", """{"b":2}""")]
    [InlineData("""{"a":[1,2,3]}""", """[{"op":"remove","path":"/a/1"}]""", """{"a":[1,3]}""")]
    [InlineData("""{"a":{"b":1}}""", """[{"op":"replace","path":"/a/b","value":[true]}]""", """{"a":{"b":[true]}}""")]
    [InlineData("""{"a":{"b":1},"c":{}}""", """[{"op":"move","from":"/a/b","path":"/c/d"}]""", """{"a":{},"c":{"d":1}}""")]
    [InlineData("""{"a":[1,2,3]}""", """[{"op":"move","from":"/a/0","path":"/a/2"}]""", """{"a":[2,3,1]}""")]
    [InlineData("""{"a":{"x":[1]}}""", """[{"op":"copy","from":"/a","path":"/b"}]""", """{"a":{"x":[1]},"b":{"x":[1]}}""")]
    [InlineData("""{"a/b":1,"m~n":2}""", """[{"op":"replace","path":"/a~1b","value":3},{"op":"remove","path":"/m~0n"}]""", """{"a/b":3}""")]
    [InlineData("""{"a":{"b":[1,{"c":"x"}]}}""", """[{"op":"test","path":"/a/b/1","value":{"c":"x"}}]""", """{"a":{"b":[1,{"c":"x"}]}}""")]
    [InlineData("""{"a":1}""", """[{"op":"replace","path":"","value":{"z":0}}]""", """{"z":0}""")]
    [InlineData("""{"":1}""", """[{"op":"replace","path":"/","value":2}]""", """{"":2}""")]
    public void Apply_ValidOperations_GiveTheRfcResult(string document, string patch, string expected) =>
        Assert.Equal(expected, Apply(document, patch));

    [Fact]
    public void Copy_IsIndependentOfItsSource()
    {
        Assert.Equal("""{"a":[1],"b":[1,2]}""", Apply("""{"a":[1]}""", """[{"op":"copy","from":"/a","path":"/b"},{"op":"add","path":"/b/-","value":2}]"""));
    }

    [Theory]
    [InlineData("""[{"op":"remove","path":"/missing"}]""")]
    [InlineData("""[{"op":"replace","path":"/a/5","value":1}]""")]
    [InlineData("""[{"op":"add","path":"/a/9","value":1}]""")]
    [InlineData("""[{"op":"add","path":"/a/01","value":1}]""")]
    [InlineData("""[{"op":"add","path":"/x/y","value":1}]""")]
    [InlineData("""[{"op":"test","path":"/a/0","value":2}]""")]
    [InlineData("""[{"op":"move","from":"/nope","path":"/b"}]""")]
    public void Apply_OperationThatCannotApply_Is422(string patch)
    {
        var error = Assert.Throws<FhirException>(() => Apply("""{"a":[1]}""", patch));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.Status);
    }

    [Theory]
    [InlineData("""{"op":"add"}""")]
    [InlineData("""[{"op":"add","path":"/b"}]""")]
    [InlineData("""[{"op":"jump","path":"/b"}]""")]
    [InlineData("""[{"path":"/b"}]""")]
    [InlineData("""[{"op":"add","path":"b","value":1}]""")]
    [InlineData("""[{"op":"add","path":"/~2","value":1}]""")]
    [InlineData("""[{"op":"move","from":"/a","path":"/a/b"}]""")]
    [InlineData("""[1]""")]
    [InlineData("""not json""")]
    public void Apply_MalformedPatch_Is400(string patch)
    {
        var error = Assert.Throws<FhirException>(() => Apply("""{"a":{}}""", patch));
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
    }
}
