using Herald.Core.Errors;
using Herald.Core.Storage;
using Herald.Subscriptions.Topics;
using Hl7.Fhir.Model;
using static Herald.UnitTests.Subscriptions.TopicBuilder;

namespace Herald.UnitTests.Subscriptions;

public sealed class TopicParserTests
{
    [Fact]
    public void Parse_FullTopic_ReadsEveryElement()
    {
        var basic = WithUrl(
            Element("title", new FhirString("Encounter start")),
            Element("description", new Markdown("Encounters that start.")),
            Trigger(
                "http://hl7.org/fhir/StructureDefinition/Encounter",
                Child("description", new Markdown("in-progress")),
                Supported("create"),
                Supported("update"),
                Query("status:not=in-progress", "status=in-progress", "test-passes", "test-fails", requireBoth: true),
                FhirPath("%current.status = 'in-progress'")),
            Filter("patient", comparators: ["eq"], modifiers: ["missing"]),
            Filter("date", resource: null, comparators: ["gt", "lt"]),
            Shape(include: ["Encounter:patient", "Encounter:location:Location"], revInclude: ["Observation:encounter"]));
        basic.ModifierExtension.Add(Element("status", new Code("draft")));

        var topic = TopicParser.Parse(basic);

        Assert.Equal(TopicUrl, topic.Url);
        Assert.Equal("Encounter start", topic.Title);
        Assert.Equal("Encounters that start.", topic.Description);
        Assert.Equal("draft", topic.Status);
        var trigger = Assert.Single(topic.Triggers);
        Assert.Equal("Encounter", trigger.Resource);
        Assert.Equal([Interaction.Create, Interaction.Update], trigger.Interactions.Order());
        Assert.Equal(new QueryCriteria("status:not=in-progress", "status=in-progress", true, false, true), trigger.Query);
        Assert.Equal("%current.status = 'in-progress'", trigger.FhirPathCriteria);
        Assert.Equal(2, topic.CanFilterBy.Count);
        Assert.Equal(("Encounter", "patient"), (topic.CanFilterBy[0].Resource, topic.CanFilterBy[0].Parameter));
        Assert.Equal(["eq"], topic.CanFilterBy[0].Comparators);
        Assert.Equal(["missing"], topic.CanFilterBy[0].Modifiers);
        Assert.Null(topic.CanFilterBy[1].Resource);
        Assert.Equal(["gt", "lt"], topic.CanFilterBy[1].Comparators);
        var shape = Assert.Single(topic.Shapes);
        Assert.Equal("Encounter", shape.Resource);
        Assert.Equal(["Encounter:patient", "Encounter:location:Location"], shape.Include);
        Assert.Equal(["Observation:encounter"], shape.RevInclude);
    }

    [Fact]
    public void Parse_NoSupportedInteraction_MeansCreateUpdateAndDelete()
    {
        var topic = TopicParser.Parse(WithUrl(Trigger()));

        Assert.Equal(
            [Interaction.Create, Interaction.Update, Interaction.Delete],
            topic.Triggers[0].Interactions.Order());
    }

    [Fact]
    public void Parse_NoStatusAndNoQueryFlags_DefaultsToActiveAndEitherSide()
    {
        var topic = TopicParser.Parse(WithUrl(Trigger("Encounter", Query(current: "status=finished"))));

        Assert.Equal("active", topic.Status);
        Assert.Equal(new QueryCriteria(null, "status=finished", null, null, false), topic.Triggers[0].Query);
    }

    [Fact]
    public void Parse_R4BPrefixedTrigger_IsReadLikeTheR5One()
    {
        var trigger = Trigger("Patient");
        trigger.Url = TopicExtensions.R4BPrefix + "resourceTrigger";

        var topic = TopicParser.Parse(WithUrl(trigger));

        Assert.Equal("Patient", Assert.Single(topic.Triggers).Resource);
    }

    [Fact]
    public void Parse_SeveralTriggers_KeepsThemInOrder()
    {
        var topic = TopicParser.Parse(WithUrl(Trigger("Encounter"), Trigger("Observation", Supported("delete"))));

        Assert.Equal(["Encounter", "Observation"], topic.Triggers.Select(t => t.Resource));
        Assert.Equal([Interaction.Delete], topic.Triggers[1].Interactions);
    }

    [Fact]
    public void Parse_QueryWithTypePrefix_IsAccepted()
    {
        var topic = TopicParser.Parse(WithUrl(Trigger("Encounter", Query(current: "Encounter?status=finished"))));

        Assert.Equal("Encounter?status=finished", topic.Triggers[0].Query!.Current);
    }

    [Fact]
    public void IsTopic_BasicWithTopicCode_IsTrue_OtherwiseFalse()
    {
        Assert.True(TopicParser.IsTopic(Topic()));
        Assert.False(TopicParser.IsTopic(new Basic { Code = new CodeableConcept("http://example.org", "SubscriptionTopic") }));
        Assert.False(TopicParser.IsTopic(new Basic()));
        Assert.False(TopicParser.IsTopic(new Patient()));
    }

    [Fact]
    public void Parse_NotATopicCode_IsRejected()
    {
        var basic = WithUrl(Trigger());
        basic.Code = new CodeableConcept("http://example.org", "thing");

        var error = Assert.Throws<FhirException>(() => TopicParser.Parse(basic));

        Assert.Contains("Basic.code", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownModifierExtension_IsRejected()
    {
        var basic = WithUrl(Trigger());
        basic.ModifierExtension.Add(new Extension("http://example.org/do-not-ignore", new FhirBoolean(true)));

        var error = Assert.Throws<FhirException>(() => TopicParser.Parse(basic));

        Assert.Contains("http://example.org/do-not-ignore", error.Message, StringComparison.Ordinal);
    }
}
