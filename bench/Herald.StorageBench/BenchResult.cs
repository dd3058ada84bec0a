namespace Herald.StorageBench;

/// <summary>Throughputs of one target, in operations per second.</summary>
internal sealed record BenchResult(string Target, double Create1, double CreateN, double Find1, double FindN);
