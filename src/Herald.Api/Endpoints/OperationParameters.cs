using Hl7.Fhir.Model;
using Herald.Api.Formatting;
using Herald.Core.Errors;
using Microsoft.AspNetCore.Http;

namespace Herald.Api.Endpoints;

/// <summary>Operation inputs from the query string (GET) and, for POST, a Parameters body or a form.</summary>
public sealed class OperationParameters
{
    private readonly List<KeyValuePair<string, string>> _values = [];

    public static async Task<OperationParameters> ReadAsync(HttpContext http)
    {
        var result = new OperationParameters();
        foreach (var (key, values) in http.Request.Query)
        {
            result._values.AddRange(values.Select(v => new KeyValuePair<string, string>(key, v ?? "")));
        }

        if (HttpMethods.IsPost(http.Request.Method))
        {
            if (http.Request.HasFormContentType)
            {
                var form = await FhirRequest.ReadFormAsync(http);
                result._values.AddRange(form.SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? ""))));
            }
            else if (http.Request.ContentLength is > 0 || http.Request.Headers.TransferEncoding.Count > 0)
            {
                var body = await FhirRequest.ReadResourceAsync(http, http.RequestAborted);
                if (body is not Parameters parameters)
                {
                    throw FhirException.BadRequest($"The operation takes a Parameters body, not a {body.TypeName}.");
                }

                foreach (var parameter in parameters.Parameter)
                {
                    result._values.Add(new(parameter.Name ?? "", parameter.Value switch
                    {
                        PrimitiveType primitive => primitive.ToString() ?? "",
                        ResourceReference reference => reference.Reference ?? "",
                        _ => "",
                    }));
                }
            }
        }

        return result;
    }

    public string? Get(string name) => _values.Where(v => v.Key == name).Select(v => v.Value).LastOrDefault();

    public IReadOnlyList<string> GetAll(string name) =>
        _values.Where(v => v.Key == name).SelectMany(v => v.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
}
