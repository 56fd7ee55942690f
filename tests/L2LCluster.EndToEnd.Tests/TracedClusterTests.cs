using System.Globalization;

namespace L2LCluster.EndToEnd.Tests;

/// <summary>A run on a cluster of silo processes, every process exporting its spans to one OTLP/HTTP endpoint.</summary>
[Trait("Category", "EndToEnd")]
public sealed class TracedClusterTests : IDisposable
{
    private const int Iterations = 3;
    private static readonly TimeSpan ExportTimeout = TimeSpan.FromSeconds(60);
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task ARunOnSiloProcessesIsOneTraceFromTheConsolesTrainToTheUnrollsOnEverySilo()
    {
        using var receiver = OtlpReceiver.Start();
        var environment = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            // The silos live on after the run: export their spans within a second, not the default five.
            ["OTEL_BSP_SCHEDULE_DELAY"] = "500",
        };
        var cluster = new LocalCluster(environment);
        await cluster.InitializeAsync();
        List<OtlpSpan> spans;
        try
        {
            using var console = L2lConsole.Start(
                cluster.ClientEnvironment, "train", "--cluster", cluster.Endpoint, "--run", "traced", "--problem", "quadratic", "--iterations",
                Iterations.ToString(CultureInfo.InvariantCulture), "--batch", "6", "--unroll", "5", "--horizon", "10", "--out", _folder.File("traced"));
            var trained = await console.WaitAsync(TimeSpan.FromMinutes(2));
            Assert.True(trained.ExitCode == 0, $"l2l train: {trained}{Environment.NewLine}{cluster.LogTails()}");
            spans = await ReceivedSpansAsync(receiver, received => received.Count(span => span.Name == "l2l.unroll") == Iterations * LocalCluster.Silos
                && received.Any(span => span.Name == "l2l.run.finish"));
        }
        finally
        {
            await cluster.DisposeAsync();
        }

        var byId = spans.ToDictionary(span => span.SpanId);
        var own = spans.Where(span => span.Name.StartsWith("l2l.", StringComparison.Ordinal)).ToList();
        var train = Assert.Single(own, span => span.Name == "l2l.train");
        Assert.Equal("l2l", train.Service);
        Assert.All(own, span => Assert.Equal(train.TraceId, span.TraceId));
        var run = Assert.Single(own, span => span.Name == "l2l.run");
        Assert.Equal("l2l-silo", run.Service);
        Assert.Equal(train.SpanId, Ancestors(run, byId).Last().SpanId);
        var iterations = own.Where(span => span.Name == "l2l.iteration").ToList();
        Assert.Equal(Iterations, iterations.Count);
        Assert.All(iterations, iteration => Assert.Equal(run.SpanId, iteration.ParentSpanId));
        foreach (var unroll in own.Where(span => span.Name == "l2l.unroll"))
        {
            Assert.Equal("l2l-silo", unroll.Service);
            Assert.Contains(Ancestors(unroll, byId), ancestor => iterations.Contains(ancestor));
        }
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>The span's ancestors, nearest first; every one of them must have been received.</summary>
    private static IEnumerable<OtlpSpan> Ancestors(OtlpSpan span, Dictionary<string, OtlpSpan> byId)
    {
        for (var parent = span.ParentSpanId; parent != ""; parent = byId[parent].ParentSpanId)
        {
            Assert.True(byId.ContainsKey(parent), $"the parent of a span under {span.Name} was never exported");
            yield return byId[parent];
        }
    }

    private static async Task<List<OtlpSpan>> ReceivedSpansAsync(OtlpReceiver receiver, Func<List<OtlpSpan>, bool> complete)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var spans = new List<OtlpSpan>();
        while (waited.Elapsed < ExportTimeout)
        {
            spans = [.. receiver.Requests.Where(request => request.Path == "/v1/traces").SelectMany(request => OtlpTraceData.Spans(request.Body))];
            if (complete(spans))
            {
                return spans;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"the exported spans stayed incomplete for {ExportTimeout.TotalSeconds} s: {string.Join(", ", spans.Select(span => span.Name).Where(name => name.StartsWith("l2l.", StringComparison.Ordinal)))}");
    }
}
