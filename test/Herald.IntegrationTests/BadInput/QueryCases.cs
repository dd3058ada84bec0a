namespace Herald.IntegrationTests.BadInput;

/// <summary>Bad search values, history parameters, operation parameters, tenants and ids in URLs.</summary>
internal static class QueryCases
{
    private static readonly string[] Values =
    [
        "", "%00", "abc", "-", "ge", "gt", "xx2020", "eq", "2020-13-01", "2020-02-30", "2020-01-01T25:00:00Z", "2020-01-01T10:00:00+25:00",
        "99999-01-01", "0000-00-00", "1e309", "-1e309", "NaN", "Infinity", "0x10", "1,2,,3", ",", "||", "|", "a|b|c", "|||||",
        "Patient/", "/", "Patient/../x", "http://", "urn:uuid:", "Spaceship/1", "Patient/a b", "%E2%82", "%FF%FE", "*", "$", "\\",
        "ge2020-01-01T00:00:00.0000000000000Z", "lt-1", "ap", "sa1|", "1|mg|", "5.4|http://unitsofmeasure.org|", "1e-400",
        "2020-01-01$1", "$x$y$z", "a$b$c$d", "eb9999999999999999999999", "le" + new string('9', 5000), new string('x', 10_000),
        "%27;DROP%20TABLE%20resources;--", "'", "\"", "%", "%2", "%ZZ",
    ];

    private static readonly (string Type, string[] Parameters)[] Searches =
    [
        ("Patient", ["birthdate", "name", "identifier", "gender", "_id", "_lastUpdated", "organization", "general-practitioner", "address-postalcode", "deceased", "telecom"]),
        ("Encounter", ["date", "subject", "patient", "status", "class", "length", "subject:Patient.name", "_has:Observation:encounter:code"]),
        ("Observation", ["value-quantity", "code-value-quantity", "component-code-value-quantity", "date", "value-date", "code", "combo-code-value-concept", "subject:missing", "value-string"]),
        ("Subscription", ["status", "url", "criteria", "type", "payload"]),
    ];

    private static readonly string[] Modifiers =
    [
        ":exact", ":contains", ":missing", ":not", ":text", ":in", ":below", ":above", ":identifier", ":type", ":Patient", ":Spaceship",
        ":foo", ":", "::", ":missing:exact", ":of-type", ":iterate", ":code-text",
    ];

    private static readonly string[] ControlParameters =
    [
        "_count", "_sort", "_include", "_revinclude", "_elements", "_summary", "_total", "_contained", "_offset", "_format", "_pretty",
        "_since", "_at", "_list", "_type", "_has", "_has:", "_has:Observation", "_include:iterate", "_filter", "_query", "_text", "_content",
        "_page", "_getpagesoffset", "_cursor", "",
    ];

    public static IEnumerable<BadRequest> All(Random random)
    {
        foreach (var (type, parameters) in Searches)
        {
            foreach (var parameter in parameters)
            {
                foreach (var value in Values)
                {
                    yield return BadRequest.Get("search-value", $"{BadRequest.Base}/{type}?{parameter}={value}");
                }

                foreach (var modifier in Modifiers)
                {
                    yield return BadRequest.Get("search-modifier", $"{BadRequest.Base}/{type}?{parameter}{modifier}={Values[random.Next(Values.Length)]}");
                }
            }

            foreach (var control in ControlParameters)
            {
                foreach (var value in Values.Where((_, i) => i % 3 == 0).Append("-1").Append("0").Append("2147483648").Append("Patient:organization").Append("*:*"))
                {
                    yield return BadRequest.Get("search-control", $"{BadRequest.Base}/{type}?{control}={value}");
                }
            }

            yield return BadRequest.Send("search-post", "POST", $"{BadRequest.Base}/{type}/_search", "birthdate=garbage&_count=x", "application/x-www-form-urlencoded");
            yield return BadRequest.Send("search-post", "POST", $"{BadRequest.Base}/{type}/_search", "%%%===&&&", "application/x-www-form-urlencoded");
            yield return BadRequest.Send("search-post", "POST", $"{BadRequest.Base}/{type}/_search", "{\"not\":\"a form\"}", "application/json");
            yield return BadRequest.Send("search-post", "POST", $"{BadRequest.Base}/{type}/_search", "a=" + new string('x', 2 << 20), "application/x-www-form-urlencoded");
            yield return BadRequest.Send("search-post", "POST", $"{BadRequest.Base}/{type}/_search", "a=" + new string('x', 5 << 20), "application/x-www-form-urlencoded");
            yield return BadRequest.Get("search-many", $"{BadRequest.Base}/{type}?" + string.Join('&', Enumerable.Range(0, 500).Select(i => $"_id=x{i}")));
            yield return BadRequest.Get("search-many", $"{BadRequest.Base}/{type}?_id=" + string.Join(',', Enumerable.Range(0, 5000).Select(i => $"x{i}")));
        }

        foreach (var path in new[] { "/_history", "/Patient/_history", "/Patient/p1/_history" })
        {
            foreach (var parameter in new[] { "_since", "_at", "_count", "_list", "_sort", "_offset", "_page", "_format", "_elements", "foo" })
            {
                foreach (var value in Values.Where((_, i) => i % 2 == 0).Append("-5").Append("0").Append("2147483648"))
                {
                    yield return BadRequest.Get("history", $"{BadRequest.Base}{path}?{parameter}={value}");
                }
            }
        }

        foreach (var request in Operations())
        {
            yield return request;
        }

        foreach (var request in Urls())
        {
            yield return request;
        }
    }

    private static IEnumerable<BadRequest> Operations()
    {
        string[] numbers = ["-1", "0", "abc", "1.5", "99999999999999999999", "9223372036854775807", "1e3", "", "+1", " 1", "0x1"];
        foreach (var id in new[] { "sub1", "missing", "bad_id", "%00", new string('s', 65) })
        {
            foreach (var name in new[] { "eventsSinceNumber", "eventsUntilNumber", "content", "_count", "foo" })
            {
                foreach (var value in numbers.Append("full-resource ").Append("bogus"))
                {
                    yield return BadRequest.Get("op-events", $"{BadRequest.Base}/Subscription/{id}/$events?{name}={value}");
                }
            }

            yield return BadRequest.Get("op-status", $"{BadRequest.Base}/Subscription/{id}/$status");
            yield return BadRequest.Send("op-events-post", "POST", $"{BadRequest.Base}/Subscription/{id}/$events", "{\"resourceType\":\"Patient\"}");
            yield return BadRequest.Send("op-events-post", "POST", $"{BadRequest.Base}/Subscription/{id}/$events", "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"eventsSinceNumber\",\"valueString\":\"x\"}]}");
            yield return BadRequest.Send("op-events-post", "POST", $"{BadRequest.Base}/Subscription/{id}/$events", "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"eventsSinceNumber\",\"valueInteger\":-3}]}");
            yield return BadRequest.Send("op-events-post", "POST", $"{BadRequest.Base}/Subscription/{id}/$events", "{\"resourceType\":\"Parameters\",\"parameter\":[{\"valueInteger\":3}]}");
            yield return BadRequest.Send("op-events-post", "POST", $"{BadRequest.Base}/Subscription/{id}/$events", "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"content\",\"resource\":{\"resourceType\":\"Patient\"}}]}");
            yield return BadRequest.Send("op-events-post", "POST", $"{BadRequest.Base}/Subscription/{id}/$events", "{broken");
            yield return BadRequest.Send("op-events-post", "POST", $"{BadRequest.Base}/Subscription/{id}/$events", "eventsSinceNumber=x&=&&", "application/x-www-form-urlencoded");
            yield return BadRequest.Send("op-status-post", "POST", $"{BadRequest.Base}/Subscription/{id}/$status", "<Parameters xmlns=\"http://hl7.org/fhir\"><parameter/></Parameters>", FhirTestClient.FhirXml);
        }

        foreach (var value in new[] { "", ",", ",,,", "bad_id", "%00", "active,bogus", new string('x', 5000), "a|b", "$" })
        {
            yield return BadRequest.Get("op-status-type", $"{BadRequest.Base}/Subscription/$status?id={value}");
            yield return BadRequest.Get("op-status-type", $"{BadRequest.Base}/Subscription/$status?status={value}");
            yield return BadRequest.Send("op-status-type", "POST", $"{BadRequest.Base}/Subscription/$status", $"{{\"resourceType\":\"Parameters\",\"parameter\":[{{\"name\":\"id\",\"valueString\":\"{value}\"}}]}}");
        }

        foreach (var op in new[] { "$everything", "$validate", "$meta", "$status", "$events", "$", "$$", "$export" })
        {
            yield return BadRequest.Get("op-unknown", $"{BadRequest.Base}/Patient/p1/{op}");
            yield return BadRequest.Send("op-unknown", "POST", $"{BadRequest.Base}/Patient/{op}", "{\"resourceType\":\"Parameters\"}");
        }
    }

    private static IEnumerable<BadRequest> Urls()
    {
        string[] tenants = ["UPPER", "a_b", "%00", "a%2Fb", new string('t', 65), "-", "a b", "%E2%82%AC", "x'y", "_default", "__", "a.b"];
        foreach (var tenant in tenants)
        {
            yield return BadRequest.Get("tenant", $"/tenants/{tenant}/fhir/metadata");
            yield return BadRequest.Get("tenant", $"/tenants/{tenant}/fhir/Patient/p1");
            yield return BadRequest.Get("tenant", $"/tenants/{tenant}/fhir/Patient?name=x");
            yield return BadRequest.Send("tenant", "POST", $"/tenants/{tenant}/fhir/Patient", "{\"resourceType\":\"Patient\"}");
            yield return BadRequest.Send("tenant", "PUT", $"/tenants/{tenant}/fhir/Patient/p1", "{\"resourceType\":\"Patient\",\"id\":\"p1\"}");
            yield return BadRequest.Get("tenant", $"/tenants/{tenant}/fhir/_history");
            yield return BadRequest.Send("tenant", "POST", $"/tenants/{tenant}/fhir", "{\"resourceType\":\"Bundle\",\"type\":\"batch\"}");
        }

        string[] ids = ["bad_id", "a%20b", new string('i', 65), "%00", "..", "%2E%2E", "a%2Fb", "%E2%82%AC", "a+b", "a;b", "*", "$x", "_history", "%25"];
        string[] versions = ["abc", "-1", "0", "99999999999999999999", "1.5", "%00", "W/\"1\"", ""];
        foreach (var id in ids)
        {
            yield return BadRequest.Get("id", $"{BadRequest.Base}/Patient/{id}");
            yield return BadRequest.Get("id", $"{BadRequest.Base}/Patient/{id}/_history");
            yield return BadRequest.Send("id", "PUT", $"{BadRequest.Base}/Patient/{id}", $"{{\"resourceType\":\"Patient\",\"id\":\"{id}\"}}");
            yield return BadRequest.Send("id", "PUT", $"{BadRequest.Base}/Patient/{id}", "{\"resourceType\":\"Patient\",\"id\":\"p1\"}");
            yield return new BadRequest("id", "DELETE", $"{BadRequest.Base}/Patient/{id}/x");
            yield return BadRequest.Send("id", "PATCH", $"{BadRequest.Base}/Patient/{id}", "[]", "application/json-patch+json");
            foreach (var version in versions)
            {
                yield return BadRequest.Get("vid", $"{BadRequest.Base}/Patient/p1/_history/{version}");
            }
        }

        yield return BadRequest.Send("id-mismatch", "PUT", $"{BadRequest.Base}/Patient/p1", "{\"resourceType\":\"Patient\",\"id\":\"p2\"}");
        yield return BadRequest.Send("id-mismatch", "PUT", $"{BadRequest.Base}/Patient/p1", "{\"resourceType\":\"Observation\",\"id\":\"p1\"}");
        yield return BadRequest.Send("id-mismatch", "PUT", $"{BadRequest.Base}/Patient/p1", "{\"resourceType\":\"Patient\"}");
        foreach (var type in new[] { "Spaceship", "patient", "PATIENT", "Resource", "DomainResource", "Bundle%00", "$meta", "_search", "metadata2" })
        {
            yield return BadRequest.Get("type", $"{BadRequest.Base}/{type}");
            yield return BadRequest.Get("type", $"{BadRequest.Base}/{type}/x");
            yield return BadRequest.Send("type", "POST", $"{BadRequest.Base}/{type}", "{\"resourceType\":\"Patient\"}");
            yield return new BadRequest("type", "DELETE", $"{BadRequest.Base}/{type}?_id=p1");
        }

        foreach (var method in new[] { "OPTIONS", "TRACE", "HEAD", "FOO", "CONNECT" })
        {
            yield return new BadRequest("method", method, $"{BadRequest.Base}/Patient/p1");
        }
    }
}
