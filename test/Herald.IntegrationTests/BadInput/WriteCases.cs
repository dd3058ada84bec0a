namespace Herald.IntegrationTests.BadInput;

/// <summary>Bad bundles, Subscription resources, PATCH bodies and headers.</summary>
internal static class WriteCases
{
    private const string Valid = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Ok\"}]}";

    public static IEnumerable<BadRequest> All(Random random) =>
        Bundles().Concat(Subscriptions()).Concat(Patches()).Concat(Headers(random));

    private static string Entry(string resource, string method, string url, string fullUrl = "") =>
        $"{{{(fullUrl.Length > 0 ? $"\"fullUrl\":\"{fullUrl}\"," : "")}\"resource\":{resource},\"request\":{{\"method\":\"{method}\",\"url\":\"{url}\"}}}}";

    private static string Bundle(string type, params string[] entries) =>
        $"{{\"resourceType\":\"Bundle\",\"type\":\"{type}\",\"entry\":[{string.Join(',', entries)}]}}";

    private static IEnumerable<BadRequest> Bundles()
    {
        var good = Entry(Valid, "POST", "Patient", "urn:uuid:11111111-1111-1111-1111-111111111111");
        string[] badEntries =
        [
            $"{{\"resource\":{Valid}}}",
            $"{{\"request\":{{\"method\":\"POST\",\"url\":\"Patient\"}}}}",
            Entry(Valid, "FOO", "Patient"),
            Entry(Valid, "POST", ""),
            Entry(Valid, "POST", "Spaceship"),
            Entry(Valid, "POST", "Observation"),
            Entry(Valid, "PUT", "Patient"),
            Entry(Valid, "PUT", "Patient/bad_id"),
            Entry(Valid, "PUT", "Patient/p9?x=1"),
            Entry(Valid, "DELETE", "Patient?birthdate=garbage"),
            Entry(Valid, "GET", "Patient?birthdate=garbage"),
            Entry(Valid, "POST", "http://other.example.org/fhir/Patient"),
            Entry("{\"resourceType\":\"Patient\",\"managingOrganization\":{\"reference\":\"urn:uuid:99999999-0000-0000-0000-000000000000\"}}", "POST", "Patient"),
            Entry("{\"resourceType\":\"Patient\",\"managingOrganization\":{\"reference\":\"urn:uuid:not-a-uuid\"}}", "POST", "Patient", "urn:uuid:not-a-uuid"),
            Entry("{\"resourceType\":\"Patient\",\"managingOrganization\":{\"reference\":\"Organization?name=nothing\"}}", "POST", "Patient"),
            Entry("{\"resourceType\":\"Patient\",\"managingOrganization\":{\"reference\":\"Organization?bad=[\"}}", "POST", "Patient"),
            Entry("{\"resourceType\":\"Patient\",\"birthDate\":\"garbage\"}", "POST", "Patient"),
            Entry("{\"resourceType\":\"Spaceship\"}", "POST", "Patient"),
            Entry("null", "POST", "Patient"),
            Entry("[]", "POST", "Patient"),
            Entry(Valid, "PATCH", "Patient/p1"),
            Entry("{\"resourceType\":\"Binary\",\"contentType\":\"x\",\"data\":\"!!!\"}", "PATCH", "Patient/p1"),
            Entry("{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"operation\"}]}", "PATCH", "Patient/p1"),
            $"{{\"fullUrl\":\"urn:uuid:x\",\"resource\":{Valid},\"request\":{{\"method\":\"POST\",\"url\":\"Patient\",\"ifNoneExist\":\"birthdate=garbage\"}}}}",
            $"{{\"resource\":{Valid},\"request\":{{\"method\":\"PUT\",\"url\":\"Patient/p1\",\"ifMatch\":\"garbage\"}}}}",
            $"{{\"resource\":{Valid},\"request\":{{\"method\":\"POST\",\"url\":\"Patient\",\"ifNoneExist\":\"\"}}}}",
            $"{{\"resource\":{Valid},\"request\":{{\"method\":\"PUT\",\"url\":\"Patient?\"}}}}",
            "{}", "null", "1", "[]",
        ];
        foreach (var bad in badEntries)
        {
            // A transaction with one bad entry next to a good one stores nothing.
            // Except next to a GET: reads run after the commit (ADR 0004), so a failing read
            // cannot undo the good entry; that pairing goes to the scratch tenant.
            var afterCommit = bad.Contains("\"method\":\"GET\"", StringComparison.Ordinal);
            yield return BadRequest.Send("transaction", "POST", afterCommit ? BadRequest.ScratchBase : BadRequest.Base, Bundle("transaction", good, bad), mayWrite: afterCommit);
            yield return BadRequest.Send("transaction", "POST", BadRequest.Base, Bundle("transaction", bad));
            // A batch of only bad entries stores nothing either (per-entry errors).
            yield return BadRequest.Send("batch", "POST", BadRequest.Base, Bundle("batch", bad, bad));
        }

        foreach (var type in new[] { "document", "collection", "searchset", "history", "message", "foo", "", "batch-response", "transaction-response" })
        {
            yield return BadRequest.Send("bundle-type", "POST", BadRequest.Base, Bundle(type, good));
        }

        yield return BadRequest.Send("bundle-shape", "POST", BadRequest.Base, "{\"resourceType\":\"Bundle\",\"type\":\"transaction\"}");
        yield return BadRequest.Send("bundle-shape", "POST", BadRequest.Base, "{\"resourceType\":\"Bundle\"}");
        yield return BadRequest.Send("bundle-shape", "POST", BadRequest.Base, "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":{}}");
        yield return BadRequest.Send("bundle-shape", "POST", BadRequest.Base, "{\"resourceType\":\"Patient\"}");
        yield return BadRequest.Send("bundle-shape", "POST", BadRequest.Base, "{\"resourceType\":\"Bundle\",\"type\":[\"transaction\"]}");
        yield return BadRequest.Send("bundle-shape", "POST", BadRequest.Base, Bundle("transaction", good, good));
        yield return BadRequest.Send("bundle-shape", "POST", BadRequest.Base, Bundle("transaction", Entry(Valid, "PUT", "Patient/p5"), Entry(Valid, "PUT", "Patient/p5")));
        yield return BadRequest.Send("bundle-shape", "POST", BadRequest.Base, Bundle("transaction", Entry(Valid, "DELETE", "Patient/p5"), Entry(Valid, "PUT", "Patient/p5"), Entry("{}", "POST", "Nope")));
        yield return BadRequest.Send("bundle-nested", "POST", BadRequest.Base, Bundle("transaction", Entry(Bundle("transaction", good), "POST", "Bundle"), Entry("{}", "POST", "Nope")));
        yield return BadRequest.Send("bundle-huge", "POST", BadRequest.Base, Bundle("transaction", Enumerable.Repeat(Entry("{}", "POST", "Nope"), 10_001).ToArray()));
        yield return BadRequest.Send("bundle-huge", "POST", BadRequest.Base, Bundle("transaction", Enumerable.Range(0, 3000).Select(i => Entry(Valid, "POST", "Patient", $"urn:uuid:00000000-0000-0000-0000-{i:D12}")).Append(Entry("{}", "POST", "Nope")).ToArray()));
        yield return BadRequest.Send("bundle-huge", "POST", BadRequest.Base, Bundle("batch", Enumerable.Repeat(Entry("{}", "POST", "Nope"), 5000).ToArray()));
        yield return BadRequest.Send("bundle-tenant", "POST", "/tenants/a_b/fhir", Bundle("transaction", good));
        yield return BadRequest.Send("bundle-xml", "POST", BadRequest.Base, "<Bundle xmlns=\"http://hl7.org/fhir\"><type value=\"transaction\"/><entry><request><method value=\"POST\"/></request></entry></Bundle>", FhirTestClient.FhirXml);
    }

    private static IEnumerable<BadRequest> Subscriptions()
    {
        const string backport = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/";
        static string Sub(string criteria = "http://example.org/topics/encounter-any", string filter = "", string channel = "\"type\":\"rest-hook\",\"endpoint\":\"http://127.0.0.1:9/hook\",\"payload\":\"application/fhir+json\"", string extra = "") =>
            $"{{\"resourceType\":\"Subscription\",\"status\":\"requested\",\"reason\":\"r\",\"criteria\":\"{criteria}\"{(filter.Length > 0 ? $",\"_criteria\":{{\"extension\":[{filter}]}}" : "")},\"channel\":{{{channel}}}{extra}}}";
        static string Filter(string value) => $"{{\"url\":\"{backport}backport-filter-criteria\",\"valueString\":\"{value}\"}}";

        string[] bodies =
        [
            Sub(criteria: "http://example.org/topics/nope"), Sub(criteria: ""), Sub(criteria: "Patient?name=x"), Sub(criteria: new string('c', 5000)),
            Sub(filter: Filter("Encounter?foo=bar")), Sub(filter: Filter("patient=")), Sub(filter: Filter("x")), Sub(filter: Filter("Patient?name=x")),
            Sub(filter: Filter("Encounter?status:foo=x")), Sub(filter: Filter("Encounter?patient=Patient/1&date=garbage")), Sub(filter: Filter("")),
            Sub(filter: Filter("Encounter?patient=Patient/1") + "," + Filter("Observation?code=x")), Sub(filter: "{\"url\":\"" + backport + "backport-filter-criteria\",\"valueInteger\":1}"),
            Sub(channel: "\"type\":\"rest-hook\""), Sub(channel: "\"type\":\"rest-hook\",\"endpoint\":\"not a url\""),
            Sub(channel: "\"type\":\"rest-hook\",\"endpoint\":\"ftp://x/y\",\"payload\":\"application/fhir+json\""),
            Sub(channel: "\"type\":\"email\",\"endpoint\":\"mailto:a@b\",\"payload\":\"application/fhir+json\""),
            Sub(channel: "\"type\":\"email\",\"payload\":\"application/fhir+json\""),
            Sub(channel: "\"type\":\"bogus\""), Sub(channel: ""),
            Sub(channel: "\"type\":\"rest-hook\",\"endpoint\":\"http://127.0.0.1:9/hook\",\"payload\":\"text/plain\""),
            Sub(channel: "\"type\":\"rest-hook\",\"endpoint\":\"http://127.0.0.1:9/hook\",\"payload\":\"application/fhir+json\",\"_payload\":{\"extension\":[{\"url\":\"" + backport + "backport-payload-content\",\"valueCode\":\"everything\"}]}"),
            Sub(channel: "\"type\":\"rest-hook\",\"endpoint\":\"http://127.0.0.1:9/hook\",\"payload\":\"application/fhir+json\",\"header\":[\"no colon\"]"),
            Sub(channel: "\"type\":\"rest-hook\",\"endpoint\":\"http://127.0.0.1:9/hook\",\"payload\":\"application/fhir+json\",\"header\":[\"X: a\\r\\nInjected: b\"]"),
            Sub(channel: "\"type\":\"rest-hook\",\"endpoint\":\"http://127.0.0.1:9/hook\",\"payload\":\"application/fhir+json\",\"extension\":[{\"url\":\"" + backport + "backport-heartbeat-period\",\"valueUnsignedInt\":0}]}"),
            Sub(channel: "\"type\":\"rest-hook\",\"endpoint\":\"http://127.0.0.1:9/hook\",\"payload\":\"application/fhir+json\",\"extension\":[{\"url\":\"" + backport + "backport-timeout\",\"valueUnsignedInt\":-1}]}"),
            Sub(channel: "\"type\":\"rest-hook\",\"endpoint\":\"http://127.0.0.1:9/hook\",\"payload\":\"application/fhir+json\",\"extension\":[{\"url\":\"" + backport + "backport-max-count\",\"valuePositiveInt\":0}]}"),
            Sub(extra: ",\"end\":\"garbage\""),
            Sub(extra: ",\"status\":\"bogus\""),
            "{\"resourceType\":\"Subscription\"}",
            "{\"resourceType\":\"Subscription\",\"status\":\"requested\",\"channel\":[]}",
        ];
        foreach (var body in bodies)
        {
            yield return BadRequest.Send("subscription", "POST", $"{BadRequest.Base}/Subscription", body);
            yield return BadRequest.Send("subscription", "PUT", $"{BadRequest.Base}/Subscription/sub1", body.Replace("{\"resourceType\":\"Subscription\",", "{\"resourceType\":\"Subscription\",\"id\":\"sub1\",", StringComparison.Ordinal));
        }

        string[] topics =
        [
            "{\"resourceType\":\"Basic\",\"code\":{\"coding\":[{\"system\":\"http://hl7.org/fhir/fhir-types\",\"code\":\"SubscriptionTopic\"}]}}",
            "{\"resourceType\":\"Basic\",\"code\":{\"coding\":[{\"system\":\"http://hl7.org/fhir/fhir-types\",\"code\":\"SubscriptionTopic\"}]},\"extension\":[{\"url\":\"http://hl7.org/fhir/5.0/StructureDefinition/extension-SubscriptionTopic.url\",\"valueUri\":\"x\"}]}",
            "{\"resourceType\":\"Basic\",\"code\":{\"coding\":[{\"system\":\"http://hl7.org/fhir/fhir-types\",\"code\":\"SubscriptionTopic\"}]},\"extension\":[{\"url\":\"http://hl7.org/fhir/5.0/StructureDefinition/extension-SubscriptionTopic.url\",\"valueUri\":\"http://t\"},{\"url\":\"http://hl7.org/fhir/5.0/StructureDefinition/extension-SubscriptionTopic.resourceTrigger\",\"extension\":[{\"url\":\"resource\",\"valueUri\":\"Spaceship\"}]}]}",
        ];
        foreach (var topic in topics)
        {
            yield return BadRequest.Send("topic", "POST", $"{BadRequest.Base}/Basic", topic);
        }
    }

    private static IEnumerable<BadRequest> Patches()
    {
        string[] jsonPatches =
        [
            "", "{}", "null", "[1]", "[{}]", "[{\"op\":\"foo\",\"path\":\"/active\"}]", "[{\"op\":\"add\"}]", "[{\"op\":\"add\",\"path\":\"active\"}]",
            "[{\"op\":\"add\",\"path\":\"/active\",\"value\":\"yes\"}]", "[{\"op\":\"replace\",\"path\":\"/resourceType\",\"value\":\"Observation\"}]",
            "[{\"op\":\"replace\",\"path\":\"/id\",\"value\":\"other\"}]", "[{\"op\":\"remove\",\"path\":\"/name/99\"}]", "[{\"op\":\"add\",\"path\":\"/name/-1\",\"value\":{}}]",
            "[{\"op\":\"test\",\"path\":\"/active\",\"value\":false}]", "[{\"op\":\"move\",\"from\":\"/name\",\"path\":\"/name/0\"}]",
            "[{\"op\":\"copy\",\"from\":\"/nothing\",\"path\":\"/x\"}]", "[{\"op\":\"add\",\"path\":\"/~2\",\"value\":1}]", "[{\"op\":\"add\",\"path\":\"/name/01\",\"value\":{}}]",
            "[{\"op\":\"add\",\"path\":\"/gender\",\"value\":\"robot\"}]", "[{\"op\":\"add\",\"path\":\"/birthDate\",\"value\":\"2020-99-99\"}]",
            "[{\"op\":\"add\",\"path\":\"/name/0/family\",\"value\":[1,2]}]", "[{\"op\":\"add\",\"path\":\"/favourite\",\"value\":1}]",
            "[{\"op\":\"add\",\"path\":\"/name/99999999999999999999\",\"value\":{}}]", "[{\"op\":\"remove\",\"path\":\"\"}]", "[{\"op\":\"replace\",\"path\":\"\",\"value\":1}]",
            "[{\"op\":\"add\",\"path\":\"/meta\",\"value\":{\"versionId\":5}}]", "[" + new string('[', 5000) + new string(']', 5000) + "]",
            "[" + string.Join(',', Enumerable.Repeat("{\"op\":\"test\",\"path\":\"/id\",\"value\":\"nope\"}", 5000)) + "]",
        ];
        foreach (var patch in jsonPatches)
        {
            yield return BadRequest.Send("json-patch", "PATCH", $"{BadRequest.Base}/Patient/p1", patch, "application/json-patch+json");
        }

        yield return BadRequest.Send("json-patch", "PATCH", $"{BadRequest.Base}/Patient?birthdate=garbage", "[]", "application/json-patch+json");
        yield return BadRequest.Send("json-patch", "PATCH", $"{BadRequest.Base}/Patient", "[]", "application/json-patch+json");
        yield return BadRequest.Send("json-patch", "PATCH", $"{BadRequest.Base}/Patient/missing", "[]", "application/json-patch+json");
        yield return BadRequest.Send("json-patch", "PATCH", $"{BadRequest.Base}/Patient/p1", "[]", "text/plain");
        yield return BadRequest.Send("json-patch", "PATCH", $"{BadRequest.Base}/Patient/p1", "[]", "application/json-patch+json", headers: ("If-Match", "W/\"999\""));

        static string Operation(string parts) => $"{{\"resourceType\":\"Parameters\",\"parameter\":[{{\"name\":\"operation\",\"part\":[{parts}]}}]}}";
        string[] fhirPathPatches =
        [
            Operation(""), Operation("{\"name\":\"type\",\"valueCode\":\"bogus\"}"),
            Operation("{\"name\":\"type\",\"valueCode\":\"add\"}"),
            Operation("{\"name\":\"type\",\"valueCode\":\"add\"},{\"name\":\"path\",\"valueString\":\"Patient\"},{\"name\":\"name\",\"valueString\":\"active\"},{\"name\":\"value\",\"valueString\":\"yes\"}"),
            Operation("{\"name\":\"type\",\"valueCode\":\"replace\"},{\"name\":\"path\",\"valueString\":\"Patient.(((\"},{\"name\":\"value\",\"valueBoolean\":true}"),
            Operation("{\"name\":\"type\",\"valueCode\":\"delete\"},{\"name\":\"path\",\"valueString\":\"Patient.name.where(\"}"),
            Operation("{\"name\":\"type\",\"valueCode\":\"insert\"},{\"name\":\"path\",\"valueString\":\"Patient.name\"},{\"name\":\"index\",\"valueInteger\":-5},{\"name\":\"value\",\"valueHumanName\":{\"family\":\"x\"}}"),
            Operation("{\"name\":\"type\",\"valueCode\":\"move\"},{\"name\":\"path\",\"valueString\":\"Patient.name\"},{\"name\":\"source\",\"valueInteger\":50},{\"name\":\"destination\",\"valueInteger\":0}"),
            Operation("{\"name\":\"type\",\"valueCode\":\"replace\"},{\"name\":\"path\",\"valueString\":\"Patient.id\"},{\"name\":\"value\",\"valueString\":\"bad id!\"}"),
            Operation("{\"name\":\"type\",\"valueCode\":\"replace\"},{\"name\":\"path\",\"valueString\":\"Patient.gender\"},{\"name\":\"value\",\"valueCode\":\"robot\"}"),
            Operation("{\"name\":\"type\",\"valueCode\":\"add\"},{\"name\":\"path\",\"valueString\":\"Patient\"},{\"name\":\"name\",\"valueString\":\"nonexistent\"},{\"name\":\"value\",\"valueString\":\"x\"}"),
            Operation("{\"name\":\"type\",\"valueCode\":\"replace\"},{\"name\":\"path\",\"valueString\":\"" + new string('(', 3000) + "\"}"),
            "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"notoperation\"}]}",
            "{\"resourceType\":\"Patient\"}",
        ];
        foreach (var patch in fhirPathPatches)
        {
            yield return BadRequest.Send("fhirpath-patch", "PATCH", $"{BadRequest.Base}/Patient/p1", patch);
        }
    }

    private static IEnumerable<BadRequest> Headers(Random random)
    {
        string[] garbage =
        [
            "", "garbage", "W/", "W/\"\"", "W/\"abc\"", "\"1", "W/\"-1\"", "W/\"99999999999999999999\"", "*,*", "W/\"1\", W/\"2\"", "\u00ff\u00fe",
            "return=", "return=bogus", "handling=bogus", "respond-async", ";;;", "=,=,=", "application/", "/", "*/*;q=abc", "text/html", "application/fhir+json; charset=ebcdic",
            "application/fhir+json; fhirVersion=9.9", "multipart/form-data; boundary=", "application/fhir+xml;;;", new string('h', 8000),
        ];
        foreach (var value in garbage)
        {
            // Headers that could still let a valid write through go to the scratch tenant.
            yield return BadRequest.Send("if-match", "PUT", $"{BadRequest.ScratchBase}/Patient/p1", "{\"resourceType\":\"Patient\",\"id\":\"p1\"}", mayWrite: true, headers: ("If-Match", value));
            yield return new BadRequest("if-match", "DELETE", $"{BadRequest.ScratchBase}/Patient/p1", Headers: [("If-Match", value)], MayWrite: true);
            yield return BadRequest.Send("prefer", "POST", $"{BadRequest.ScratchBase}/Patient", Valid, mayWrite: true, headers: ("Prefer", value));
            yield return BadRequest.Send("if-none-exist", "POST", $"{BadRequest.ScratchBase}/Patient", Valid, mayWrite: true, headers: ("If-None-Exist", value));
            yield return BadRequest.Send("content-type", "POST", $"{BadRequest.ScratchBase}/Patient", Valid, null, mayWrite: true, headers: ("Content-Type", value));
            yield return BadRequest.Send("content-type", "POST", $"{BadRequest.Base}/Patient", "{\"resourceType\":\"Patient\",\"gender\":\"robot\"}", null, headers: ("Content-Type", value));
            yield return BadRequest.Get("accept", $"{BadRequest.Base}/Patient/p1", ("Accept", value));
            yield return BadRequest.Get("accept", $"{BadRequest.Base}/Patient?birthdate=garbage", ("Accept", value));
            yield return BadRequest.Get("if-none-match", $"{BadRequest.Base}/Patient/p1", ("If-None-Match", value));
            yield return BadRequest.Get("if-modified-since", $"{BadRequest.Base}/Patient/p1", ("If-Modified-Since", value));
            yield return BadRequest.Get("format", $"{BadRequest.Base}/Patient/p1?_format={Uri.EscapeDataString(value)}");
            yield return BadRequest.Get("prefer-get", $"{BadRequest.Base}/Patient?_count=1", ("Prefer", value));
            yield return BadRequest.Send("conditional-update", "PUT", $"{BadRequest.Base}/Patient?identifier={Uri.EscapeDataString(value)}&birthdate=garbage", Valid);
            yield return new BadRequest("conditional-delete", "DELETE", $"{BadRequest.Base}/Patient?birthdate={Uri.EscapeDataString(value)}garbage");
            yield return BadRequest.Send("x-headers", "POST", $"{BadRequest.Base}/Patient", "{", headers: ("X-Forwarded-Host", value + random.Next()));
        }
    }
}
