using System.CommandLine;
using Herald.LoadTest;
using Herald.LoadTest.Scenarios;

if (FaultScenarios.TryRun(args) is { } fault)
{
    return await fault;
}

if (LoadScenarios.TryRun(args) is { } load)
{
    return await load;
}

// Parsed here and not in a library: this is a hand-run tool, and --help is its documentation.
var creates = new Option<int>("--creates") { Description = "Measured creates per run.", DefaultValueFactory = _ => 2000 };
var warmup = new Option<int>("--warmup") { Description = "Unmeasured creates before each run (JIT, connections, page cache).", DefaultValueFactory = _ => 200 };
var clients = new Option<int>("--clients") { Description = "Concurrent workers, for Herald and the baseline alike.", DefaultValueFactory = _ => 8 };
var rounds = new Option<int>("--rounds") { Description = "Rounds per synchronous setting; the medians are reported.", DefaultValueFactory = _ => 3 };
var synchronous = new Option<string>("--synchronous") { Description = "full, normal or both.", DefaultValueFactory = _ => "both" };
var preferMinimal = new Option<bool>("--prefer-minimal") { Description = "Diagnostic: send Prefer: return=minimal, so Herald does not echo the resource." };
var baselineWrites = new Option<string>("--baseline-writes")
{
    Description = "minimal (change_log + resource_version, the published baseline) or herald (diagnostic: also the latest-version read, resource_current and token_index rows Herald writes).",
    DefaultValueFactory = _ => "minimal",
};
var scenario = new Option<string>("--scenario") { Description = "create (Patient creates against a raw SQLite baseline), transaction (a transaction bundle against the same resources created one by one) , subscriptions (Encounter creates with 0/100/10,000 subscriptions), resthook or websocket (issue 6: latency, 1,000-socket fan-out, frames/s against raw Kestrel, memory per socket).", DefaultValueFactory = _ => "create" };
var entries = new Option<int>("--entries") { Description = "Transaction scenario: resources in the bundle (a multiple of 5).", DefaultValueFactory = _ => 1000 };
var subscriptionCounts = new Option<string>("--subscriptions") { Description = "With --scenario subscriptions: the subscription counts, the first is the baseline.", DefaultValueFactory = _ => "0,100,10000" };
var noDocs = new Option<bool>("--no-docs") { Description = "Do not update docs/performance.md (results JSON is still written)." };

var root = new RootCommand("Herald create throughput over HTTP against a raw SQLite baseline measured in the same run.")
{
    creates, warmup, clients, rounds, synchronous, preferMinimal, baselineWrites, noDocs, scenario, entries, subscriptionCounts,
};
foreach (var option in RestHookBench.Options) { root.Options.Add(option); }
root.SetAction(async (parse, _) =>
{
    var settings = new BenchSettings(parse.GetValue(creates), parse.GetValue(warmup), parse.GetValue(clients), parse.GetValue(rounds), parse.GetValue(synchronous)!,
        parse.GetValue(preferMinimal), parse.GetValue(baselineWrites) == "herald");
    if (settings.Creates < 1 || settings.Warmup < 0 || settings.Clients < 1 || settings.Rounds < 1)
    {
        Console.Error.WriteLine("herald-bench: --creates, --clients and --rounds must be at least 1, --warmup at least 0.");
        return 2;
    }

    if (parse.GetValue(baselineWrites) is not ("minimal" or "herald"))
    {
        Console.Error.WriteLine("herald-bench: --baseline-writes must be minimal or herald.");
        return 2;
    }

    if (parse.GetValue(scenario) == "subscriptions")
    {
        // One synchronous setting (full unless given); the section in docs/performance.md is written by hand.
        var counts = parse.GetValue(subscriptionCounts)!.Split(',').Select(c => int.Parse(c, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var mode = settings.Synchronous == "both" ? "full" : settings.Synchronous;
        return await SubscriptionBench.RunAsync(counts, settings, mode, "dotnet run -c Release --project bench/Herald.LoadTest -- " + string.Join(' ', args));
    }

    if (parse.GetValue(scenario) == "websocket")
    {
        return await WebSocketBench.RunAsync(rate: 50, seconds: 20, sockets: 1000, frames: 10_000, "dotnet run -c Release --project bench/Herald.LoadTest -- " + string.Join(' ', args));
    }

    if (parse.GetValue(scenario) == "resthook")
    {
        return await RestHookBench.RunAsync(parse, settings, "dotnet run -c Release --project bench/Herald.LoadTest -- " + string.Join(' ', args));
    }

    if (parse.GetValue(scenario) is not ("create" or "transaction"))
    {
        Console.Error.WriteLine("herald-bench: --scenario must be create, transaction or subscriptions.");
        return 2;
    }

    // The docs quote the default comparison only; diagnostic variants go to bench/results.
    var diagnostic = settings.PreferMinimal || settings.BaselineHeraldWrites;

    string[] settingsToRun = settings.Synchronous.ToLowerInvariant() switch
    {
        "both" => ["full", "normal"],
        "full" => ["full"],
        "normal" => ["normal"],
        _ => [],
    };
    if (settingsToRun.Length == 0)
    {
        Console.Error.WriteLine($"herald-bench: --synchronous must be full, normal or both, not '{settings.Synchronous}'.");
        return 2;
    }

    var command = "dotnet run -c Release --project bench/Herald.LoadTest" + (args.Length == 0 ? "" : " -- " + string.Join(' ', args));
    if (parse.GetValue(scenario) == "transaction")
    {
        var count = parse.GetValue(entries);
        if (count < 5 || count % 5 != 0)
        {
            Console.Error.WriteLine("herald-bench: --entries must be a positive multiple of 5.");
            return 2;
        }

        return await TransactionReport.RunAsync(count, settings.Clients, settings.Rounds, settingsToRun, command, BenchRunner.FindRepoRoot(), !parse.GetValue(noDocs));
    }

    if (parse.GetValue(scenario) != "create")
    {
        Console.Error.WriteLine("herald-bench: --scenario must be create or transaction.");
        return 2;
    }

    return await BenchRunner.RunAsync(settings, settingsToRun, command, writeDocs: !parse.GetValue(noDocs) && !diagnostic);
});
return await root.Parse(args).InvokeAsync();
