using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Herald.Server;
using Herald.Storage.Sqlite;
using Herald.Subscriptions.Channels;
using Herald.Subscriptions.Matching;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Herald.LoadTest;

/// <summary>One measured Encounter-create run on a host with a given number of subscriptions.</summary>
public sealed record SubscriptionRun(int Subscriptions, int Round, int Creates, double HttpSeconds, double DrainSeconds, double HttpP50Ms, double HttpP99Ms,
    double CommitToRecordedP50Ms, double CommitToRecordedP99Ms, double ResponseToRecordedP50Ms, double ResponseToRecordedP99Ms, long Events)
{
    public double HttpPerSecond => Creates / HttpSeconds;

    /// <summary>Creates per second counted until the matcher had recorded the last one: the rate the whole pipeline sustains.</summary>
    public double DrainedPerSecond => Creates / DrainSeconds;
}

/// <summary>
/// A Herald host on real Kestrel with one Encounter topic and <see cref="Subscriptions"/>
/// subscriptions (subscription i filtered on Patient/p{i}), kept alive across rounds so runs with
/// different counts can alternate.
/// </summary>
public sealed class SubscriptionHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DirectoryInfo _dir;
    private readonly SocketsHttpHandler _handler;
    private readonly HttpClient _http;
    private readonly string _database;
    private int _next;

    private SubscriptionHost(int subscriptions, WebApplication app, DirectoryInfo dir, int port, int clients)
    {
        Subscriptions = subscriptions;
        _app = app;
        _dir = dir;
        _handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        _http = new HttpClient(_handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}/fhir/") };
        _database = app.Services.GetRequiredService<SqliteConnectionFactory>().DatabasePath;
    }

    public int Subscriptions { get; }

    public static async Task<SubscriptionHost> StartAsync(int subscriptions, string synchronous, int clients)
    {
        var dir = Directory.CreateTempSubdirectory("herald-bench-subs-");
        var port = FreeLoopbackPort();
        var app = HeraldApplication.Build(
            new Dictionary<string, string?>
            {
                ["Herald:Host"] = "127.0.0.1",
                ["Herald:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Herald:DataDir"] = dir.FullName,
                ["Herald:SqliteSynchronous"] = synchronous,
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
            },
            configureServices: services =>
            {
                // Exactly how the integration tests add their recording channel.
                services.AddKeyedSingleton<ISubscriptionChannel>(NullChannel.Type, new NullChannel());
                services.Configure<ChannelTypeOptions>(o => o.Types.Add(NullChannel.Type));
            });
        await app.StartAsync().ConfigureAwait(false);
        var host = new SubscriptionHost(subscriptions, app, dir, port, clients);
        await host.PostAsync("Basic", SubscriptionDocuments.Topic()).ConfigureAwait(false);
        await ConcurrentDriver.RunAsync(subscriptions, clients, (_, i) => host.PostAsync("Subscription", SubscriptionDocuments.Subscription(i))).ConfigureAwait(false);

        // The registry is filled by the matcher loop as it reads the Subscription writes from change_log.
        var registry = app.Services.GetRequiredService<SubscriptionRegistry>();
        while (registry.Count < subscriptions)
        {
            await Task.Delay(50).ConfigureAwait(false);
        }

        await host.WaitForMatcherAsync().ConfigureAwait(false);
        return host;
    }

    public async Task<SubscriptionRun> MeasureAsync(int round, int warmup, int creates, int clients)
    {
        await CreateEncountersAsync(warmup, clients, null).ConfigureAwait(false);
        await WaitForMatcherAsync().ConfigureAwait(false);

        await using var poll = new SqliteConnection($"Data Source={_database};Mode=ReadOnly");
        await poll.OpenAsync().ConfigureAwait(false);
        var before = await ScalarAsync(poll, "SELECT COALESCE(MAX(seq), 0) FROM change_log").ConfigureAwait(false);

        // Samples of (wall clock ms, matcher watermark): the events of a batch and its watermark
        // are committed in one transaction, so "watermark >= seq" means the write's events are recorded.
        var samples = new List<(double AtMs, long Watermark)>();
        using var stop = new CancellationTokenSource();
        var poller = Task.Run(async () =>
        {
            long last = -1;
            while (!stop.IsCancellationRequested)
            {
                var mark = await ScalarAsync(poll, "SELECT COALESCE((SELECT seq FROM sub_watermark WHERE name = 'matcher'), 0)").ConfigureAwait(false);
                if (mark != last)
                {
                    lock (samples)
                    {
                        samples.Add((NowMs(), mark));
                    }

                    last = mark;
                }

                await Task.Delay(1).ConfigureAwait(false);
            }
        });

        var responses = new ConcurrentDictionary<string, double>(StringComparer.Ordinal);
        var started = Stopwatch.GetTimestamp();
        var run = await CreateEncountersAsync(creates, clients, responses).ConfigureAwait(false);
        var end = await ScalarAsync(poll, "SELECT COALESCE(MAX(seq), 0) FROM change_log").ConfigureAwait(false);
        while (LastWatermark(samples) < end)
        {
            await Task.Delay(1).ConfigureAwait(false);
        }

        var drained = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await stop.CancelAsync().ConfigureAwait(false);
        await poller.ConfigureAwait(false);

        var commitLatencies = new List<double>();
        var responseLatencies = new List<double>();
        await using (var command = poll.CreateCommand())
        {
            command.CommandText = "SELECT seq, id, committed_at FROM change_log WHERE seq > $before AND seq <= $end";
            command.Parameters.AddWithValue("$before", before);
            command.Parameters.AddWithValue("$end", end);
            await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                var seq = reader.GetInt64(0);
                var recorded = samples.First(s => s.Watermark >= seq).AtMs;
                commitLatencies.Add(recorded - reader.GetInt64(2));
                if (responses.TryGetValue(reader.GetString(1), out var answered))
                {
                    responseLatencies.Add(recorded - answered);
                }
            }
        }

        var events = await ScalarAsync(poll, $"SELECT COUNT(*) FROM sub_event WHERE seq > {before} AND seq <= {end}").ConfigureAwait(false);
        var http = LoadResult.From("herald", "", round, clients, run);
        return new SubscriptionRun(Subscriptions, round, creates, run.Seconds, drained, http.P50Ms, http.P99Ms,
            Percentile(commitLatencies, 0.5), Percentile(commitLatencies, 0.99), Percentile(responseLatencies, 0.5), Percentile(responseLatencies, 0.99), events);
    }

    private static long LastWatermark(List<(double AtMs, long Watermark)> samples)
    {
        lock (samples)
        {
            return samples.Count == 0 ? -1 : samples[^1].Watermark;
        }
    }

    /// <summary>Encounters whose patient has a subscription (when there are any), so every create records an event.</summary>
    private Task<(double Seconds, double CpuSeconds, long[] LatencyTicks)> CreateEncountersAsync(int count, int clients, ConcurrentDictionary<string, double>? responses)
    {
        var first = _next;
        _next += count;
        var patients = Subscriptions > 0 ? Subscriptions : 10_000;
        return ConcurrentDriver.RunAsync(count, clients, async (_, i) =>
        {
            var n = first + i;
            var location = await PostAsync("Encounter", SubscriptionDocuments.Encounter((int)((n * 7919L) % patients), n)).ConfigureAwait(false);
            responses?.TryAdd(IdFrom(location), NowMs());
        });
    }

    private async Task<Uri?> PostAsync(string type, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/fhir+json");
        using var request = new HttpRequestMessage(HttpMethod.Post, type) { Content = content };
        request.Headers.Add("Prefer", "return=minimal");
        using var response = await _http.SendAsync(request).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"POST /fhir/{type} returned {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync().ConfigureAwait(false)}");
        }

        return response.Headers.Location;
    }

    /// <summary>Waits until the matcher's watermark has reached the last change_log entry.</summary>
    private async Task WaitForMatcherAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={_database};Mode=ReadOnly");
        await connection.OpenAsync().ConfigureAwait(false);
        while (await ScalarAsync(connection, "SELECT COALESCE((SELECT seq FROM sub_watermark WHERE name = 'matcher'), 0) - COALESCE((SELECT MAX(seq) FROM change_log), 0)").ConfigureAwait(false) < 0)
        {
            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    /// <summary>The id in <c>.../Encounter/{id}/_history/{v}</c>.</summary>
    private static string IdFrom(Uri? location)
    {
        var segments = location?.OriginalString.Split('/') ?? [];
        var history = Array.IndexOf(segments, "_history");
        return history > 0 ? segments[history - 1] : segments.LastOrDefault() ?? "";
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync().ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static double NowMs() => DateTime.UtcNow.Ticks / (double)TimeSpan.TicksPerMillisecond - (DateTime.UnixEpoch.Ticks / (double)TimeSpan.TicksPerMillisecond);

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        _handler.Dispose();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }
}
