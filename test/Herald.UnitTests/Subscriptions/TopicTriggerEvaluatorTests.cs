using Herald.Core.Storage;
using Herald.Subscriptions.Topics;
using Hl7.Fhir.Model;
using Status = Hl7.Fhir.Model.Encounter.EncounterStatus;

namespace Herald.UnitTests.Subscriptions;

public sealed class TopicTriggerEvaluatorTests
{
    private static readonly DateTimeOffset Before = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset After = new(2024, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlySet<Interaction> All = new HashSet<Interaction> { Interaction.Create, Interaction.Update, Interaction.Delete };

    private readonly TopicTriggerEvaluator _evaluator = new();

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void Create_ResultForCreate_DecidesThePreviousSide(bool resultForCreate, bool expected)
    {
        var trigger = Start(resultForCreate: resultForCreate, requireBoth: true);

        Assert.Equal(expected, Fires(trigger, Interaction.Create, null, NewEncounter(Status.InProgress)));
    }

    [Fact]
    public void Create_ResultForCreateAbsentAndRequireBoth_CountsAsFailed()
    {
        var trigger = Start(resultForCreate: null, requireBoth: true);

        Assert.False(Fires(trigger, Interaction.Create, null, NewEncounter(Status.InProgress)));
    }

    [Fact]
    public void Create_ResultForCreateAbsentAndEitherSide_CurrentAloneDecides()
    {
        var trigger = Start(resultForCreate: null, requireBoth: false);

        Assert.True(Fires(trigger, Interaction.Create, null, NewEncounter(Status.InProgress)));
        Assert.False(Fires(trigger, Interaction.Create, null, NewEncounter(Status.Planned)));
    }

    [Fact]
    public void Create_ResultForCreatePassesAndEitherSide_FiresEvenWhenCurrentFails()
    {
        // R5: with requireBoth false "either ... test evaluat[ing] to true" triggers; test-passes counts as true.
        var trigger = Start(resultForCreate: true, requireBoth: false);

        Assert.True(Fires(trigger, Interaction.Create, null, NewEncounter(Status.Planned)));
    }

    [Theory]
    [InlineData(Status.Planned, Status.InProgress, true)]
    [InlineData(Status.InProgress, Status.InProgress, false)]
    [InlineData(Status.Planned, Status.Arrived, false)]
    [InlineData(Status.InProgress, Status.Finished, false)]
    public void Update_RequireBoth_NeedsPreviousAndCurrentToPass(Status before, Status after, bool expected)
    {
        var trigger = Start(resultForCreate: true, requireBoth: true);

        Assert.Equal(expected, Fires(trigger, Interaction.Update, NewEncounter(before), NewEncounter(after)));
    }

    [Theory]
    [InlineData(Status.Planned, Status.Arrived, true)]
    [InlineData(Status.InProgress, Status.InProgress, true)]
    [InlineData(Status.InProgress, Status.Finished, false)]
    public void Update_EitherSide_FiresWhenOneSidePasses(Status before, Status after, bool expected)
    {
        var trigger = Start(resultForCreate: true, requireBoth: false);

        Assert.Equal(expected, Fires(trigger, Interaction.Update, NewEncounter(before), NewEncounter(after)));
    }

    [Fact]
    public void Update_OnlyCurrentGivenWithRequireBoth_CurrentAloneDecides()
    {
        var trigger = Trigger(new QueryCriteria(null, "status=finished", null, null, RequireBoth: true));

        Assert.True(Fires(trigger, Interaction.Update, NewEncounter(Status.Finished), NewEncounter(Status.Finished)));
        Assert.False(Fires(trigger, Interaction.Update, NewEncounter(Status.Finished), NewEncounter(Status.Cancelled)));
    }

    [Fact]
    public void Update_WithoutPreviousVersion_IsJudgedLikeACreate()
    {
        var trigger = Start(resultForCreate: false, requireBoth: true);

        Assert.False(Fires(trigger, Interaction.Update, null, NewEncounter(Status.InProgress)));
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void Delete_ResultForDelete_DecidesTheCurrentSide(bool resultForDelete, bool expected)
    {
        // "Finished" encounters deleted: previous passes; the current side is the automatic result.
        var trigger = Trigger(new QueryCriteria("status=finished", "status=finished", null, resultForDelete, RequireBoth: true));

        Assert.Equal(expected, Fires(trigger, Interaction.Delete, NewEncounter(Status.Finished), null));
    }

    [Fact]
    public void Delete_ResultForDeleteAbsent_CountsAsFailed()
    {
        var trigger = Trigger(new QueryCriteria(null, "status=finished", null, null, RequireBoth: false));

        Assert.False(Fires(trigger, Interaction.Delete, NewEncounter(Status.Finished), null));
    }

    [Fact]
    public void Delete_EitherSide_PreviousPassingFires()
    {
        var trigger = Trigger(new QueryCriteria("status=finished", "status=finished", null, false, RequireBoth: false));

        Assert.True(Fires(trigger, Interaction.Delete, NewEncounter(Status.Finished), null));
        Assert.False(Fires(trigger, Interaction.Delete, NewEncounter(Status.Planned), null));
    }

    [Theory]
    [InlineData(Interaction.Create, false)]
    [InlineData(Interaction.Update, true)]
    [InlineData(Interaction.Delete, false)]
    public void Interactions_NotListed_NeverFire(Interaction interaction, bool expected)
    {
        var trigger = new ResourceTrigger("Encounter", new HashSet<Interaction> { Interaction.Update }, null, null);
        var previous = interaction == Interaction.Create ? null : NewEncounter(Status.Planned);
        var current = interaction == Interaction.Delete ? null : NewEncounter(Status.Planned);

        Assert.Equal(expected, Fires(trigger, interaction, previous, current));
    }

    [Fact]
    public void Triggers_OtherResourceType_DoesNotFire()
    {
        var trigger = new ResourceTrigger("Encounter", All, null, null);

        Assert.False(Fires(trigger, Interaction.Create, null, new Patient { Id = "p1" }));
    }

    [Fact]
    public void FhirPath_OnCreate_SeesEmptyPreviousAndTheCurrent()
    {
        var trigger = Trigger(fhirPath: "%previous.empty() and %current.status = 'in-progress'");

        Assert.True(Fires(trigger, Interaction.Create, null, NewEncounter(Status.InProgress)));
        Assert.False(Fires(trigger, Interaction.Update, NewEncounter(Status.Planned), NewEncounter(Status.InProgress)));
    }

    [Theory]
    [InlineData(Status.Planned, Status.InProgress, true)]
    [InlineData(Status.Arrived, Status.InProgress, false)]
    [InlineData(Status.Planned, Status.Cancelled, false)]
    public void FhirPath_OnUpdate_ComparesPreviousAndCurrent(Status before, Status after, bool expected)
    {
        var trigger = Trigger(fhirPath: "%previous.status = 'planned' and %current.status = 'in-progress'");

        Assert.Equal(expected, Fires(trigger, Interaction.Update, NewEncounter(before), NewEncounter(after)));
    }

    [Fact]
    public void FhirPath_OnDelete_SeesEmptyCurrentAndTheDeletedVersion()
    {
        var trigger = Trigger(fhirPath: "%current.empty() and %previous.status = 'finished'");

        Assert.True(Fires(trigger, Interaction.Delete, NewEncounter(Status.Finished), null));
        Assert.False(Fires(trigger, Interaction.Delete, NewEncounter(Status.Planned), null));
    }

    [Fact]
    public void FhirPath_EmptyOrNonBooleanResult_DoesNotFire()
    {
        Assert.False(Fires(Trigger(fhirPath: "%current.subject.exists()"), Interaction.Create, null, NewEncounter(Status.Planned)));
        Assert.False(Fires(Trigger(fhirPath: "%current.period.start"), Interaction.Create, null, NewEncounter(Status.Planned)));
    }

    [Fact]
    public void FhirPath_ResolveWorksWithoutADatabase()
    {
        var trigger = Trigger(fhirPath: "%current.subject.resolve() is Patient");
        var encounter = NewEncounter(Status.Planned);
        encounter.Subject = new ResourceReference("Patient/p1");

        Assert.True(Fires(trigger, Interaction.Create, null, encounter));
    }

    [Fact]
    public void QueryAndFhirPath_BothGiven_BothMustPass()
    {
        var trigger = Trigger(new QueryCriteria(null, "status=in-progress", null, null, false), "%current.subject.exists()");
        var withSubject = NewEncounter(Status.InProgress);
        withSubject.Subject = new ResourceReference("Patient/p1");

        Assert.True(Fires(trigger, Interaction.Create, null, withSubject));
        Assert.False(Fires(trigger, Interaction.Create, null, NewEncounter(Status.InProgress)));
    }

    [Fact]
    public void Query_LastUpdated_UsesTheVersionTimestamps()
    {
        var trigger = Trigger(new QueryCriteria("_lastUpdated=lt2024-03-01", "_lastUpdated=ge2024-03-01", null, null, true));
        var encounter = NewEncounter(Status.Planned);

        Assert.True(_evaluator.Triggers(trigger, Interaction.Update, encounter, encounter, Before, After));
        Assert.False(_evaluator.Triggers(trigger, Interaction.Update, encounter, encounter, After, After));
    }

    [Fact]
    public void Topic_SeveralTriggers_AreOredAndPickedByType()
    {
        var topic = new SubscriptionTopic(
            "http://example.org/t",
            null,
            "active",
            null,
            [
                new ResourceTrigger("Encounter", All, new QueryCriteria(null, "status=finished", null, null, false), null),
                new ResourceTrigger("Encounter", All, new QueryCriteria(null, "status=cancelled", null, null, false), null),
                new ResourceTrigger("Observation", All, null, null),
            ],
            [],
            []);

        Assert.Equal(2, _evaluator.TriggersFor(topic, "Encounter").Count());
        Assert.Single(_evaluator.TriggersFor(topic, "Observation"));
        Assert.Empty(_evaluator.TriggersFor(topic, "Patient"));
        Assert.True(_evaluator.Triggers(topic, Interaction.Create, null, NewEncounter(Status.Cancelled), Before, After));
        Assert.True(_evaluator.Triggers(topic, Interaction.Create, null, NewEncounter(Status.Finished), Before, After));
        Assert.False(_evaluator.Triggers(topic, Interaction.Create, null, NewEncounter(Status.Planned), Before, After));
        Assert.False(_evaluator.Triggers(topic, Interaction.Create, null, new Patient(), Before, After));
    }

    private static ResourceTrigger Start(bool? resultForCreate, bool requireBoth) =>
        Trigger(new QueryCriteria("status:not=in-progress", "status=in-progress", resultForCreate, false, requireBoth));

    private static ResourceTrigger Trigger(QueryCriteria? query = null, string? fhirPath = null) => new("Encounter", All, query, fhirPath);

    private static Encounter NewEncounter(Status status) => new() { Id = "e1", Status = status };

    private bool Fires(ResourceTrigger trigger, Interaction interaction, Resource? previous, Resource? current) =>
        _evaluator.Triggers(trigger, interaction, previous, current, Before, After);
}
