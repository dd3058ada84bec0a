using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Herald.Core.Bundles;
using Herald.Core.Errors;
using Herald.Core.Fhir;

namespace Herald.Core.Patch;

/// <summary>Applies a patch to the current version and validates the result as a PUT would be.</summary>
public static class PatchApplier
{
    public static Resource Apply(string currentJson, Resource current, PatchDocument patch, FhirSerializer serializer)
    {
        string patchedJson;
        switch (patch)
        {
            case JsonPatchDocument json:
                var patched = JsonPatch.Apply(JsonNode.Parse(currentJson), json.Json);
                patchedJson = patched?.ToJsonString() ?? "null";
                break;
            case FhirPathPatchDocument fhirPath:
                FhirPathPatch.Apply(current, fhirPath.Parameters);
                patchedJson = serializer.ToStorageJson(current);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(patch));
        }

        // Parse the result with the strict client parser: the patch must not produce what a PUT could not.
        Resource result;
        try
        {
            result = serializer.Parse(patchedJson, FhirFormat.Json);
        }
        catch (FhirException e)
        {
            throw FhirException.Unprocessable("The patched resource is not valid: " + e.Message);
        }

        if (result.TypeName != current.TypeName || result.Id != current.Id)
        {
            throw FhirException.Unprocessable(
                $"A patch may not change the resource type or id (was {current.TypeName}/{current.Id}, would become {result.TypeName}/{result.Id}).");
        }

        return result;
    }
}
