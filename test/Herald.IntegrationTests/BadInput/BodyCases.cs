using System.Text;
using Hl7.Fhir.Model;
using Herald.Core.Fhir;

namespace Herald.IntegrationTests.BadInput;

/// <summary>Broken resource bodies: truncations, byte flips, wrong element types, huge strings, deep nesting.</summary>
internal static class BodyCases
{
    private static readonly Resource[] Samples =
    [
        new Patient
        {
            Id = "p1", Active = true, BirthDate = "1970-01-02", Gender = AdministrativeGender.Female,
            Name = [new HumanName { Family = "Doe", Given = ["Jane"] }],
            Identifier = [new Identifier("urn:mrn", "42")],
        },
        new Encounter
        {
            Id = "e1", Status = Encounter.EncounterStatus.InProgress,
            Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB"),
            Subject = new ResourceReference("Patient/p1"),
            Period = new Period { Start = "2024-01-01T10:00:00Z" },
        },
        new Observation
        {
            Id = "o1", Status = ObservationStatus.Final,
            Code = new CodeableConcept("http://loinc.org", "1234-5"),
            Value = new Quantity(12.5m, "mg"),
            Subject = new ResourceReference("Patient/p1"),
        },
    ];

    public static IEnumerable<BadRequest> All(Random random)
    {
        foreach (var sample in Samples)
        {
            foreach (var format in new[] { FhirFormat.Json, FhirFormat.Xml })
            {
                var text = FhirSerializer.Instance.Serialize(sample, format);
                var contentType = format == FhirFormat.Json ? FhirTestClient.FhirJson : FhirTestClient.FhirXml;
                var bytes = Encoding.UTF8.GetBytes(text);
                for (var i = 0; i < 60; i++)
                {
                    var cut = random.Next(0, bytes.Length - 1);
                    yield return Raw($"truncated-{format}", "POST", $"/{sample.TypeName}", bytes[..cut], contentType, false);
                }

                for (var i = 0; i < 120; i++)
                {
                    var flipped = (byte[])bytes.Clone();
                    for (var n = random.Next(1, 4); n > 0; n--)
                    {
                        flipped[random.Next(flipped.Length)] = (byte)random.Next(256);
                    }

                    // A flip inside a string value can leave a valid resource: may write.
                    var method = i % 2 == 0 ? "POST" : "PUT";
                    var path = method == "POST" ? $"/{sample.TypeName}" : $"/{sample.TypeName}/{sample.Id}";
                    yield return Raw($"byte-flip-{format}", method, path, flipped, contentType, true);
                }
            }
        }

        foreach (var request in WrongTypes())
        {
            yield return request;
        }

        foreach (var request in HugeAndDeep())
        {
            yield return request;
        }
    }

    private static BadRequest Raw(string category, string method, string path, byte[] body, string contentType, bool mayWrite) =>
        new(category, method, (mayWrite ? BadRequest.ScratchBase : BadRequest.Base) + path, body, contentType, [], mayWrite);

    private static readonly string[] BadValues =
    [
        "\"yes\"", "1", "-1", "1.5", "[]", "{}", "null", "[null]", "[1,2]", "\"\"", "\"2020-13-45\"", "true", "[{}]",
        "{\"value\":1}", "\"\\u0000\"", "1e999", "\"" + new string('9', 400) + "\"", "[[[]]]",
    ];

    private static readonly string[] Elements =
    [
        "active", "birthDate", "gender", "name", "identifier", "id", "meta", "text", "extension", "contained",
        "telecom", "address", "deceasedBoolean", "multipleBirthInteger", "managingOrganization", "link", "_birthDate",
        "implicitRules", "language", "modifierExtension",
    ];

    private static IEnumerable<BadRequest> WrongTypes()
    {
        foreach (var element in Elements)
        {
            foreach (var value in BadValues)
            {
                // Some of these are valid after all ("language": "yes" is a code): scratch tenant.
                var body = $"{{\"resourceType\":\"Patient\",\"{element}\":{value}}}";
                yield return BadRequest.Send("wrong-type", "POST", $"{BadRequest.ScratchBase}/Patient", body, mayWrite: true);
            }
        }

        string[] nested =
        [
            """{"resourceType":"Patient","name":[{"family":["a"]}]}""",
            """{"resourceType":"Patient","name":[{"given":"a"}]}""",
            """{"resourceType":"Patient","identifier":[{"period":{"start":"yesterday"}}]}""",
            """{"resourceType":"Patient","extension":[{"url":"http://x","valueFoo":1}]}""",
            """{"resourceType":"Patient","extension":[{"valueString":"no url"}]}""",
            """{"resourceType":"Patient","extension":[{"url":"http://x","valueString":"a","valueInteger":1}]}""",
            """{"resourceType":"Patient","contained":[{"resourceType":"Spaceship"}]}""",
            """{"resourceType":"Patient","contained":[{"name":"no type"}]}""",
            """{"resourceType":"Patient","meta":{"versionId":[1],"lastUpdated":"not a date"}}""",
            """{"resourceType":"Observation","status":"final","code":{},"valueQuantity":{"value":"12"}}""",
            """{"resourceType":"Observation","status":"final","code":{},"valueQuantity":{"value":1e400}}""",
            """{"resourceType":"Observation","status":"bogus","code":{}}""",
            """{"resourceType":"Encounter","status":"in-progress","class":"AMB"}""",
            """{"resourceType":"Encounter","status":"in-progress","class":{"code":"AMB"},"period":{"start":"2024-02-30"}}""",
            """{"resourceType":"Encounter","status":"in-progress","class":{"code":"AMB"},"subject":{"reference":42}}""",
            """{"resourceType":"Patient","birthDate":"1970-01-02T10:00:00"}""",
            """{"resourceType":"Patient","deceasedBoolean":true,"deceasedDateTime":"2020"}""",
            """{"resourceType":"Patient","_active":{"id":5}}""",
            """{"resourceType":"Patient","resourceType":"Observation"}""",
            """{"resourceType":5}""",
            """{"resourceType":"Patient","id":"bad id with spaces"}""",
            "{\"resourceType\":\"Patient\",\"id\":\"" + new string('a', 65) + "\"}",
        ];
        foreach (var body in nested)
        {
            var type = body.Contains("\"Observation\"", StringComparison.Ordinal) ? "Observation"
                : body.Contains("\"Encounter\"", StringComparison.Ordinal) ? "Encounter" : "Patient";
            yield return BadRequest.Send("wrong-type-nested", "POST", $"{BadRequest.Base}/{type}", body);
            yield return BadRequest.Send("wrong-type-nested", "PUT", $"{BadRequest.Base}/{type}/x1", body);
        }
    }

    private static IEnumerable<BadRequest> HugeAndDeep()
    {
        var mega = new string('x', 1 << 20);
        yield return BadRequest.Send("huge", "POST", $"{BadRequest.Base}/Patient", $"{{\"resourceType\":\"Patient\",\"unknown\":\"{mega}\"}}");
        yield return BadRequest.Send("huge", "POST", $"{BadRequest.Base}/Patient", $"{{\"resourceType\":\"Patient\",\"birthDate\":\"{mega}\"}}");
        yield return BadRequest.Send("huge", "POST", $"{BadRequest.Base}/Patient", $"{{\"resourceType\":\"Patient\",\"gender\":\"{mega}\"}}");
        yield return BadRequest.Send("huge", "POST", $"{BadRequest.Base}/Patient", $"{{\"resourceType\":\"Patient\",\"id\":\"{mega}\"}}");
        yield return BadRequest.Send("huge", "POST", $"{BadRequest.Base}/Patient", $"{{\"resourceType\":\"{mega}\"}}");
        yield return BadRequest.Send("huge", "POST", $"{BadRequest.Base}/Patient", $"{{\"{mega}\":1}}");
        yield return BadRequest.Send("huge", "POST", $"{BadRequest.Base}/Patient", $"<Patient xmlns=\"http://hl7.org/fhir\"><{mega[..100_000]}/></Patient>", FhirTestClient.FhirXml);
        yield return BadRequest.Send("huge", "POST", $"{BadRequest.Base}/Patient", $"<Patient xmlns=\"http://hl7.org/fhir\"><gender value=\"{mega}\"/></Patient>", FhirTestClient.FhirXml);
        yield return BadRequest.Send("huge", "POST", $"{BadRequest.ScratchBase}/Patient", $"{{\"resourceType\":\"Patient\",\"name\":[{{\"family\":\"{mega}\"}}]}}", mayWrite: true);
        yield return BadRequest.Send("huge", "POST", $"{BadRequest.Base}/Patient", "{\"resourceType\":\"Patient\",\"name\":[" + string.Join(',', Enumerable.Repeat("{\"family\":1}", 50_000)) + "]}");

        foreach (var depth in new[] { 10, 33, 64, 65, 100, 500, 2000, 10_000 })
        {
            var arrays = "{\"resourceType\":\"Patient\",\"name\":" + new string('[', depth) + new string(']', depth) + "}";
            yield return BadRequest.Send("deep-json", "POST", $"{BadRequest.Base}/Patient", arrays);
            var objects = "{\"resourceType\":\"Patient\",\"name\":[" + string.Concat(Enumerable.Repeat("{\"x\":", depth)) + "1" + new string('}', depth) + "]}";
            yield return BadRequest.Send("deep-json", "POST", $"{BadRequest.Base}/Patient", objects);
            var extensions = "{\"resourceType\":\"Patient\"," + string.Concat(Enumerable.Repeat("\"extension\":[{\"url\":\"http://x\",", depth)) + "\"valueString\":\"v\"" + string.Concat(Enumerable.Repeat("}]", depth)) + "}";
            yield return BadRequest.Send("deep-extension", "POST", $"{BadRequest.ScratchBase}/Patient", extensions, mayWrite: true);
            var xml = "<Patient xmlns=\"http://hl7.org/fhir\">" + string.Concat(Enumerable.Repeat("<extension url=\"http://x\">", depth)) + string.Concat(Enumerable.Repeat("</extension>", depth)) + "</Patient>";
            yield return BadRequest.Send("deep-xml", "POST", $"{BadRequest.ScratchBase}/Patient", xml, FhirTestClient.FhirXml, mayWrite: true);
            var xmlGarbage = "<Patient xmlns=\"http://hl7.org/fhir\">" + string.Concat(Enumerable.Repeat("<a>", depth)) + string.Concat(Enumerable.Repeat("</a>", depth)) + "</Patient>";
            yield return BadRequest.Send("deep-xml", "POST", $"{BadRequest.Base}/Patient", xmlGarbage, FhirTestClient.FhirXml);
        }

        string[] xmlCases =
        [
            "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]><Patient xmlns=\"http://hl7.org/fhir\"><gender value=\"&lol2;\"/></Patient>",
            "<Patient xmlns=\"http://hl7.org/fhir\"><active value=\"yes\"/></Patient>",
            "<Patient xmlns=\"http://hl7.org/fhir\"><birthDate value=\"1970-13-01\"/></Patient>",
            "<Patient xmlns=\"http://hl7.org/fhir\"><gender value=\"robot\"/></Patient>",
            "<Patient xmlns=\"http://hl7.org/fhir\"><name><family>text not value</family></name></Patient>",
            "<Patient xmlns=\"http://hl7.org/fhir\"><id value=\"a b\"/></Patient>",
            "<Patient xmlns=\"http://hl7.org/fhir\"><![CDATA[x]]></Patient>",
            "<Patient xmlns=\"http://hl7.org/fhir\" xmlns:x=\"urn:x\"><x:foo/></Patient>",
            "<Patient xmlns=\"http://hl7.org/fhir\"><active value=\"true\" value=\"false\"/></Patient>",
            "<Patient xmlns=\"http://hl7.org/fhir\"><contained><Spaceship/></contained></Patient>",
            "<?xml version=\"1.0\" encoding=\"ebcdic\"?><Patient xmlns=\"http://hl7.org/fhir\"/>",
            "<?xml-stylesheet href=\"x\"?><Patient xmlns=\"http://hl7.org/fhir\"/><Patient xmlns=\"http://hl7.org/fhir\"/>",
            "<Bundle xmlns=\"http://hl7.org/fhir\"><type value=\"transaction\"/><entry><resource/></entry></Bundle>",
            "\uFEFF\uFEFF<Patient/>",
            "<Patient xmlns=\"http://hl7.org/fhir\">&#0;</Patient>",
        ];
        foreach (var xml in xmlCases)
        {
            yield return BadRequest.Send("bad-xml", "POST", $"{BadRequest.Base}/Patient", xml, FhirTestClient.FhirXml);
            yield return BadRequest.Send("bad-xml", "POST", BadRequest.Base, xml, FhirTestClient.FhirXml);
        }
    }
}
