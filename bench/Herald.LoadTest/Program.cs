using System.CommandLine;
using Herald.LoadTest;

// Parsed here and not in a library: this is a hand-run tool, and --help is its documentation.
var creates = new Option<int>("--creates") { Description = "Measured creates per run.", DefaultValueFactory = _ => 2000 };
var warmup = new Option<int>("--warmup") { Description = "Unmeasured creates before each run (JIT, connections, page cache).", DefaultValueFactory = _ => 200 };
var clients = new Option<int>("--clients") { Description = "Concurrent workers, for Herald and the baseline alike.", DefaultValueFactory = _ => 8 };
var rounds = new Option<int>("--rounds") { Description = "Rounds per synchronous setting; the medians are reported.", DefaultValueFactory = _ => 3 };
var synchronous = new Option<string>("--synchronous") { Description = "full, normal or both.", DefaultValueFactory = _ => "both" };
var noDocs = new Option<bool>("--no-docs") { Description = "Do not update docs/performance.md (results JSON is still written)." };

var root = new RootCommand("Herald create throughput over HTTP against a raw SQLite baseline measured in the same run.")
{
    creates, warmup, clients, rounds, synchronous, noDocs,
};
root.SetAction(async (parse, _) =>
{
    var settings = new BenchSettings(parse.GetValue(creates), parse.GetValue(warmup), parse.GetValue(clients), parse.GetValue(rounds), parse.GetValue(synchronous)!);
    if (settings.Creates < 1 || settings.Warmup < 0 || settings.Clients < 1 || settings.Rounds < 1)
    {
        Console.Error.WriteLine("herald-bench: --creates, --clients and --rounds must be at least 1, --warmup at least 0.");
        return 2;
    }

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
    return await BenchRunner.RunAsync(settings, settingsToRun, command, writeDocs: !parse.GetValue(noDocs));
});
return await root.Parse(args).InvokeAsync();
