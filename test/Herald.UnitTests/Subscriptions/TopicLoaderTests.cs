using Herald.Core.Storage;
using Herald.Subscriptions.Topics;
using Hl7.Fhir.Model;

namespace Herald.UnitTests.Subscriptions;

public sealed class TopicLoaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("herald-topics-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void LoadDirectory_ShippedTopics_EveryFileParses()
    {
        var folder = Path.Combine(RepositoryRoot(), "topics");
        var files = Directory.GetFiles(folder, "*.json");

        var topics = TopicLoader.LoadDirectory(folder);

        Assert.NotEmpty(files);
        Assert.Equal(files.Length, topics.Count);
        Assert.Contains(topics, t => t.Url.EndsWith("/encounter-start", StringComparison.Ordinal));
        Assert.Contains(topics, t => t.Url.EndsWith("/new-lab-result", StringComparison.Ordinal));
    }

    [Fact]
    public void ShippedEncounterStart_FiresOnStartOnly()
    {
        var topic = TopicLoader.LoadFile(Path.Combine(RepositoryRoot(), "topics", "encounter-start.json"));
        var evaluator = new TopicTriggerEvaluator();
        var planned = new Encounter { Id = "e", Status = Encounter.EncounterStatus.Planned };
        var started = new Encounter { Id = "e", Status = Encounter.EncounterStatus.InProgress };
        var now = DateTimeOffset.UtcNow;

        Assert.True(evaluator.Triggers(topic, Interaction.Create, null, started, now, now));
        Assert.True(evaluator.Triggers(topic, Interaction.Update, planned, started, now, now));
        Assert.False(evaluator.Triggers(topic, Interaction.Create, null, planned, now, now));
        Assert.False(evaluator.Triggers(topic, Interaction.Update, planned, planned, now, now));
        Assert.False(evaluator.Triggers(topic, Interaction.Update, started, started, now, now));
        Assert.False(evaluator.Triggers(topic, Interaction.Delete, started, null, now, now));
        Assert.Equal(["patient"], topic.CanFilterBy.Select(f => f.Parameter));
        Assert.Equal(["Encounter:patient"], Assert.Single(topic.Shapes).Include);
    }

    [Fact]
    public void ShippedNewLabResult_FiresOnLaboratoryObservationCreate()
    {
        var topic = TopicLoader.LoadFile(Path.Combine(RepositoryRoot(), "topics", "new-lab-result.json"));
        var evaluator = new TopicTriggerEvaluator();
        var lab = new Observation { Id = "o" };
        lab.Category.Add(new CodeableConcept("http://terminology.hl7.org/CodeSystem/observation-category", "laboratory"));
        var vital = new Observation { Id = "o" };
        vital.Category.Add(new CodeableConcept("http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs"));
        var now = DateTimeOffset.UtcNow;

        Assert.True(evaluator.Triggers(topic, Interaction.Create, null, lab, now, now));
        Assert.False(evaluator.Triggers(topic, Interaction.Create, null, vital, now, now));
        Assert.False(evaluator.Triggers(topic, Interaction.Update, lab, lab, now, now));
        Assert.Equal(["patient", "code"], topic.CanFilterBy.Select(f => f.Parameter));
    }

    [Fact]
    public void LoadDirectory_InvalidTopicFile_NamesTheFileAndTheProblem()
    {
        File.Copy(Path.Combine(RepositoryRoot(), "topics", "encounter-start.json"), Path.Combine(_folder, "a.json"));
        var bad = File.ReadAllText(Path.Combine(_folder, "a.json")).Replace("StructureDefinition/Encounter", "StructureDefinition/Encountr", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(_folder, "b.json"), bad);

        var error = Assert.Throws<InvalidDataException>(() => TopicLoader.LoadDirectory(_folder));

        Assert.Contains("b.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("resourceTrigger[0].resource", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{not json", "not")]
    [InlineData("""{"resourceType":"Patient","id":"p"}""", "holds a Patient, not a Basic")]
    public void LoadDirectory_FileThatIsNotABasic_NamesTheFile(string content, string expected)
    {
        File.WriteAllText(Path.Combine(_folder, "odd.json"), content);

        var error = Assert.Throws<InvalidDataException>(() => TopicLoader.LoadDirectory(_folder));

        Assert.Contains("odd.json", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_TwoFilesWithOneUrl_IsRefused()
    {
        var source = Path.Combine(RepositoryRoot(), "topics", "encounter-start.json");
        File.Copy(source, Path.Combine(_folder, "one.json"));
        File.Copy(source, Path.Combine(_folder, "two.json"));

        var error = Assert.Throws<InvalidDataException>(() => TopicLoader.LoadDirectory(_folder));

        Assert.Contains("two.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("already defined by", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_MissingFolder_Throws() =>
        Assert.Throws<DirectoryNotFoundException>(() => TopicLoader.LoadDirectory(Path.Combine(_folder, "nope")));

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Herald.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Herald.slnx not found above the test folder.");
    }
}
