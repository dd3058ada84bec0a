using Herald.Core.Errors;

namespace Herald.Core.Storage;

/// <summary>
/// The decisions every backend makes the same way once it has read, under its write lock, the
/// latest version of the resource being written: does If-Match hold, what does the write become
/// (update-as-create, delete of a deleted resource...), which version id and lastUpdated it gets.
/// </summary>
public static class WritePlanner
{
    /// <summary>The plan for one write; <see cref="Skip"/> means nothing is written (an already-deleted resource).</summary>
    public sealed record Plan(Interaction Interaction, WriteOutcome Outcome, long VersionId, DateTimeOffset LastUpdated)
    {
        public bool Skip => Outcome == WriteOutcome.AlreadyDeleted;
    }

    public static Plan Decide(ResourceWrite write, ResourceVersion? current, TimeProvider clock)
    {
        var key = write.Key;
        var exists = current is { IsDeleted: false };
        if (write.IfMatchVersion is { } expected && (!exists || current!.VersionId != expected))
        {
            throw FhirException.PreconditionFailed(exists
                ? $"{key} is at version {current!.VersionId}, not {expected} as If-Match requires; read it again and retry."
                : $"{key} does not exist, so If-Match version {expected} cannot hold.");
        }

        var (interaction, outcome) = (write.Interaction, exists) switch
        {
            (Interaction.Create, true) => throw FhirException.Conflict($"{key} already exists."),
            (Interaction.Create, false) or (Interaction.Update, false) => (Interaction.Create, WriteOutcome.Created),
            (Interaction.Update, true) => (Interaction.Update, WriteOutcome.Updated),
            (Interaction.Delete, true) => (Interaction.Delete, WriteOutcome.Deleted),
            (Interaction.Delete, false) when current is not null => (Interaction.Delete, WriteOutcome.AlreadyDeleted),
            _ => throw FhirException.NotFound($"{key} is not known."),
        };

        // lastUpdated never goes backwards for one resource, even if the clock does.
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var lastUpdated = DateTimeOffset.FromUnixTimeMilliseconds(Math.Max(now, (current?.LastUpdated.ToUnixTimeMilliseconds() ?? 0) + 1));
        return new Plan(interaction, outcome, (current?.VersionId ?? 0) + 1, lastUpdated);
    }

    /// <summary>The JSON to store, rendered once the version id and lastUpdated are known; null for deletes.</summary>
    public static string? Render(ResourceWrite write, Plan plan) =>
        plan.Interaction == Interaction.Delete
            ? null
            : (write.Render ?? throw new InvalidOperationException($"A {plan.Interaction} of {write.Key} needs content."))(plan.VersionId, plan.LastUpdated);

    /// <summary>The outcome of a conditional create that found <paramref name="matches"/>; null when the write proceeds.</summary>
    public static WriteResult? ResolveIfNoneExist(ResourceWrite write, IReadOnlyList<ResourceVersion> matches) => matches.Count switch
    {
        0 => null,
        _ when write.RequireNoMatch => throw FhirException.PreconditionFailed(
            $"A {write.Key.Type} matching the condition was created by a concurrent request after it was checked; retry."),
        1 => new WriteResult(WriteOutcome.MatchedExisting, matches[0], matches[0].VersionId),
        _ => throw FhirException.PreconditionFailed($"The If-None-Exist condition matches more than one {write.Key.Type}; make it more specific."),
    };

    private const string WriteIndexKey = "Herald.WriteIndex";

    /// <summary>
    /// Records which write of a commit failed, so a transaction can name the entry. Backends call
    /// this for every <see cref="FhirException"/> a write throws and rethrow.
    /// </summary>
    public static void TagFailedWrite(FhirException exception, int index) => exception.Data[WriteIndexKey] = index;

    /// <summary>The index of the failed write within its commit, when the backend tagged it.</summary>
    public static int? FailedWriteIndex(Exception exception) => exception.Data[WriteIndexKey] as int?;
}
