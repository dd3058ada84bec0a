using Herald.Core.Errors;
using Herald.Subscriptions.Topics;
using Hl7.Fhir.Model;
using static Herald.UnitTests.Subscriptions.TopicBuilder;

namespace Herald.UnitTests.Subscriptions;

/// <summary>Each invalid topic is refused with a 400 whose message names the bad element and value.</summary>
public sealed class TopicParserRejectionTests
{
    [Theory]
    [InlineData("missing-url", "SubscriptionTopic.url is required")]
    [InlineData("relative-url", "SubscriptionTopic.url 'topic/1' is not an absolute URI")]
    [InlineData("bad-status", "SubscriptionTopic.status 'live' is not one of")]
    [InlineData("no-trigger", "SubscriptionTopic.resourceTrigger is required")]
    [InlineData("event-trigger", "SubscriptionTopic.eventTrigger is not supported")]
    [InlineData("unknown-resource", "SubscriptionTopic.resourceTrigger[0].resource 'Foo' is not a FHIR R4 resource type")]
    [InlineData("unknown-resource-url", "SubscriptionTopic.resourceTrigger[0].resource 'http://hl7.org/fhir/StructureDefinition/Foo' is not a FHIR R4 resource type")]
    [InlineData("missing-resource", "SubscriptionTopic.resourceTrigger[0].resource is required")]
    [InlineData("second-trigger-bad", "SubscriptionTopic.resourceTrigger[1].resource 'Bar' is not a FHIR R4 resource type")]
    [InlineData("unknown-interaction", "SubscriptionTopic.resourceTrigger[0].supportedInteraction 'patch' is not one of create, update, delete")]
    [InlineData("misspelt-child", "SubscriptionTopic.resourceTrigger[0] has an unknown element 'supportedInteractions'")]
    [InlineData("query-unknown-parameter", "SubscriptionTopic.resourceTrigger[0].queryCriteria.current 'colour=red' is not a valid search on Encounter")]
    [InlineData("query-bad-modifier", "SubscriptionTopic.resourceTrigger[0].queryCriteria.previous 'status:fuzzy=x' is not a valid search on Encounter")]
    [InlineData("query-chain", "SubscriptionTopic.resourceTrigger[0].queryCriteria.current 'subject:Patient.name=x': 'subject:Patient.name' needs other resources")]
    [InlineData("query-has", "SubscriptionTopic.resourceTrigger[0].queryCriteria.current '_has:Observation:encounter:code=1': '_has:Observation:encounter:code' needs other resources")]
    [InlineData("query-result-parameter", "SubscriptionTopic.resourceTrigger[0].queryCriteria.current '_count=5': '_count' is not a search criterion")]
    [InlineData("query-other-type", "SubscriptionTopic.resourceTrigger[0].queryCriteria.current 'Patient?active=true' searches Patient, but the trigger's resource is Encounter")]
    [InlineData("query-empty", "SubscriptionTopic.resourceTrigger[0].queryCriteria needs previous or current")]
    [InlineData("result-for-create", "SubscriptionTopic.resourceTrigger[0].queryCriteria.resultForCreate 'pass' is not test-passes or test-fails")]
    [InlineData("result-for-delete", "SubscriptionTopic.resourceTrigger[0].queryCriteria.resultForDelete 'fail' is not test-passes or test-fails")]
    [InlineData("require-both-not-boolean", "SubscriptionTopic.resourceTrigger[0].queryCriteria.requireBoth must be a valueBoolean")]
    [InlineData("fhirpath-syntax", "SubscriptionTopic.resourceTrigger[0].fhirPathCriteria '%current.status = = 1' is not a valid FHIRPath expression")]
    [InlineData("fhirpath-unknown-function", "SubscriptionTopic.resourceTrigger[0].fhirPathCriteria '%current.noSuchFunction()' is not a valid FHIRPath expression")]
    [InlineData("filter-unknown-parameter", "SubscriptionTopic.canFilterBy[0].filterParameter 'colour' is not a search parameter of Encounter")]
    [InlineData("filter-parameter-of-other-type", "SubscriptionTopic.canFilterBy[0].filterParameter 'code' is not a search parameter of Encounter")]
    [InlineData("filter-missing-parameter", "SubscriptionTopic.canFilterBy[0].filterParameter is required")]
    [InlineData("filter-unknown-resource", "SubscriptionTopic.canFilterBy[0].resource 'Nope' is not a FHIR R4 resource type")]
    [InlineData("filter-bad-comparator", "SubscriptionTopic.canFilterBy[0].comparator 'gte' is not one of")]
    [InlineData("filter-bad-modifier", "SubscriptionTopic.canFilterBy[0].modifier 'fuzzy' is not a search modifier code")]
    [InlineData("shape-unknown-resource", "SubscriptionTopic.notificationShape[0].resource 'Nope' is not a FHIR R4 resource type")]
    [InlineData("include-no-parameter", "SubscriptionTopic.notificationShape[0].include[0] 'Encounter' is not Type:param[:Target]")]
    [InlineData("include-not-reference", "SubscriptionTopic.notificationShape[0].include[0] 'Encounter:status': 'status' is not a reference search parameter of Encounter")]
    [InlineData("include-other-source", "SubscriptionTopic.notificationShape[0].include[0] 'Patient:organization' must start with the shape's resource 'Encounter'")]
    [InlineData("include-bad-target", "SubscriptionTopic.notificationShape[0].include[1] 'Encounter:patient:Practitioner': Encounter.patient cannot refer to 'Practitioner'")]
    [InlineData("include-iterate", "SubscriptionTopic.notificationShape[0].include[0] 'Encounter:patient&iterate=Patient.link': iterate is not supported")]
    [InlineData("revinclude-unknown-type", "SubscriptionTopic.notificationShape[0].revInclude[0] 'Nope:subject': 'Nope' is not a FHIR R4 resource type")]
    [InlineData("revinclude-cannot-refer", "SubscriptionTopic.notificationShape[0].revInclude[0] 'Encounter:subject': Encounter.subject cannot refer to 'Encounter'")]
    public void Parse_InvalidTopic_IsRejectedNamingTheElement(string problem, string expected)
    {
        var error = Assert.Throws<FhirException>(() => TopicParser.Parse(Build(problem)));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.Status);
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    private static Basic Build(string problem) => problem switch
    {
        "missing-url" => Topic(Trigger()),
        "relative-url" => Topic(Element("url", new FhirUri("topic/1")), Trigger()),
        "bad-status" => WithUrl(Element("status", new Code("live")), Trigger()),
        "no-trigger" => WithUrl(Filter("patient")),
        "event-trigger" => WithUrl(Trigger(), Complex("eventTrigger", Child("resource", new FhirUri("Encounter")))),
        "unknown-resource" => WithUrl(Trigger("Foo")),
        "unknown-resource-url" => WithUrl(Trigger("http://hl7.org/fhir/StructureDefinition/Foo")),
        "missing-resource" => WithUrl(Complex("resourceTrigger", Supported("create"))),
        "second-trigger-bad" => WithUrl(Trigger(), Trigger("Bar")),
        "unknown-interaction" => WithUrl(Trigger("Encounter", Supported("create"), Supported("patch"))),
        "misspelt-child" => WithUrl(Trigger("Encounter", Child("supportedInteractions", new Code("create")))),
        "query-unknown-parameter" => WithUrl(Trigger("Encounter", Query(current: "colour=red"))),
        "query-bad-modifier" => WithUrl(Trigger("Encounter", Query(previous: "status:fuzzy=x"))),
        "query-chain" => WithUrl(Trigger("Encounter", Query(current: "subject:Patient.name=x"))),
        "query-has" => WithUrl(Trigger("Encounter", Query(current: "_has:Observation:encounter:code=1"))),
        "query-result-parameter" => WithUrl(Trigger("Encounter", Query(current: "_count=5"))),
        "query-other-type" => WithUrl(Trigger("Encounter", Query(current: "Patient?active=true"))),
        "query-empty" => WithUrl(Trigger("Encounter", Query(resultForCreate: "test-passes"))),
        "result-for-create" => WithUrl(Trigger("Encounter", Query(current: "status=finished", resultForCreate: "pass"))),
        "result-for-delete" => WithUrl(Trigger("Encounter", Query(current: "status=finished", resultForDelete: "fail"))),
        "require-both-not-boolean" => WithUrl(Trigger(
            "Encounter",
            Child("queryCriteria", Child("current", new FhirString("status=finished")), Child("requireBoth", new FhirString("yes"))))),
        "fhirpath-syntax" => WithUrl(Trigger("Encounter", FhirPath("%current.status = = 1"))),
        "fhirpath-unknown-function" => WithUrl(Trigger("Encounter", FhirPath("%current.noSuchFunction()"))),
        "filter-unknown-parameter" => WithUrl(Trigger(), Filter("colour")),
        "filter-parameter-of-other-type" => WithUrl(Trigger(), Filter("code", resource: null)),
        "filter-missing-parameter" => WithUrl(Trigger(), Complex("canFilterBy", Child("resource", new FhirUri("Encounter")))),
        "filter-unknown-resource" => WithUrl(Trigger(), Filter("patient", resource: "Nope")),
        "filter-bad-comparator" => WithUrl(Trigger(), Filter("date", comparators: ["gt", "gte"])),
        "filter-bad-modifier" => WithUrl(Trigger(), Filter("patient", modifiers: ["fuzzy"])),
        "shape-unknown-resource" => WithUrl(Trigger(), Shape("Nope")),
        "include-no-parameter" => WithUrl(Trigger(), Shape(include: ["Encounter"])),
        "include-not-reference" => WithUrl(Trigger(), Shape(include: ["Encounter:status"])),
        "include-other-source" => WithUrl(Trigger(), Shape(include: ["Patient:organization"])),
        "include-bad-target" => WithUrl(Trigger(), Shape(include: ["Encounter:patient", "Encounter:patient:Practitioner"])),
        "include-iterate" => WithUrl(Trigger(), Shape(include: ["Encounter:patient&iterate=Patient.link"])),
        "revinclude-unknown-type" => WithUrl(Trigger(), Shape(revInclude: ["Nope:subject"])),
        "revinclude-cannot-refer" => WithUrl(Trigger(), Shape(revInclude: ["Encounter:subject"])),
        _ => throw new ArgumentOutOfRangeException(nameof(problem)),
    };
}
