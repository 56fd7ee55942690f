using System.Text;
using System.Text.Json;

namespace L2LCluster.Client.Tests;

/// <summary>The console, as a child process, exporting its run's trace: over OTLP/HTTP to the endpoint its environment names, or to its own output.</summary>
[Trait("Category", "Process")]
public sealed class TelemetryExportTests : IDisposable
{
    private const int Iterations = 3;
    private readonly TempFolder _folder = new();

    private string[] SmallTrain => ["train", "--problem", "quadratic", "--iterations", $"{Iterations}", "--batch", "4", "--unroll", "5", "--horizon", "10",
        "--checkpoint-every", "1", "--out", Path.Combine(_folder.Path, "run")];

    [Fact]
    public void TrainSendsItsRunAsOneProtobufTraceAndItsMetricsToTheOtlpEndpointOfTheEnvironment()
    {
        using var receiver = OtlpReceiver.Start();
        var environment = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        };

        var result = L2lConsole.Run(environment, SmallTrain);

        Assert.True(result.ExitCode == 0, result.Error);
        var traceExports = receiver.Requests.Where(request => request.Path == "/v1/traces").ToList();
        Assert.NotEmpty(traceExports);
        Assert.All(traceExports, request => Assert.Equal("application/x-protobuf", request.ContentType));
        var spans = traceExports.SelectMany(request => OtlpTraceData.Spans(request.Body)).ToList();
        var own = spans.Where(span => span.Name.StartsWith("l2l.", StringComparison.Ordinal)).ToList();

        var train = Assert.Single(own, span => span.Name == "l2l.train");
        Assert.Equal("", train.ParentSpanId);
        Assert.Equal("l2l", train.Service);
        Assert.All(own, span => Assert.Equal(train.TraceId, span.TraceId));
        var run = Assert.Single(own, span => span.Name == "l2l.run");
        var iterations = own.Where(span => span.Name == "l2l.iteration").ToList();
        Assert.Equal(Iterations, iterations.Count);
        Assert.All(iterations, iteration => Assert.Equal(run.SpanId, iteration.ParentSpanId));
        // The embedded cluster has one device: one unroll per iteration, under its grain call.
        var unrolls = own.Where(span => span.Name == "l2l.unroll").ToList();
        Assert.Equal(Iterations, unrolls.Count);
        Assert.All(unrolls, unroll => Assert.Equal("IWorkerGrain/UnrollAsync", spans.Single(span => span.SpanId == unroll.ParentSpanId).Name));
        Assert.Equal(Iterations, own.Count(span => span.Name == "l2l.optimizer.apply"));
        Assert.Equal(Iterations + 2, own.Count(span => span.Name == "l2l.checkpoint"));
        Assert.Single(own, span => span.Name == "l2l.run.finish");

        var metricExports = receiver.Requests.Where(request => request.Path == "/v1/metrics").ToList();
        Assert.Contains(metricExports, request => Encoding.UTF8.GetString(request.Body).Contains("l2l.run.meta_loss", StringComparison.Ordinal));
    }

    [Fact]
    public void TraceConsolePrintsTheRunsSpanTreeOnStandardErrorOneLinePerProjectSpan()
    {
        var result = L2lConsole.Run([.. SmallTrain, "--trace-console"]);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.DoesNotContain("l2l.", result.Output, StringComparison.Ordinal);
        var spans = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(line => line.TrimStart().StartsWith("l2l.", StringComparison.Ordinal)).ToList();
        // 3 iterations, each with an unroll, an Adam step and a checkpoint; train, run, two more checkpoints, finish.
        Assert.Equal((4 * Iterations) + 5, spans.Count);
        Assert.Equal(spans.Count, result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.StartsWith("l2l.train  ", Assert.Single(spans, line => !line.StartsWith(' ')), StringComparison.Ordinal);
        Assert.Equal(Iterations, spans.Count(line => line.StartsWith("    l2l.iteration  ", StringComparison.Ordinal)));
        Assert.Equal(Iterations, spans.Count(line => line.StartsWith("      l2l.unroll  ", StringComparison.Ordinal) && line.Contains("  loss=", StringComparison.Ordinal)));
        Assert.Contains(spans, line => line.StartsWith("  l2l.run  ", StringComparison.Ordinal));
    }

    [Fact]
    public void TraceFileHoldsTheRunAsOtlpJsonLinesWithTheProjectsSpanTree()
    {
        var file = Path.Combine(_folder.Path, "run.jsonl");

        var result = L2lConsole.Run([.. SmallTrain, "--trace-file", file]);

        Assert.True(result.ExitCode == 0, result.Error);
        var spans = File.ReadAllLines(file)
            .SelectMany(line => JsonDocument.Parse(line).RootElement.GetProperty("resourceSpans").EnumerateArray())
            .SelectMany(resource => resource.GetProperty("scopeSpans").EnumerateArray())
            .SelectMany(scope => scope.GetProperty("spans").EnumerateArray())
            .Select(span => (Id: span.GetProperty("spanId").GetString()!, Parent: span.TryGetProperty("parentSpanId", out var parent) ? parent.GetString() : null, Name: span.GetProperty("name").GetString()!))
            .ToList();
        var byId = spans.ToDictionary(span => span.Id);
        Assert.All(spans, span => Assert.StartsWith("l2l.", span.Name, StringComparison.Ordinal));
        var unrolls = spans.Where(span => span.Name == "l2l.unroll").ToList();
        Assert.Equal(Iterations, unrolls.Count);
        Assert.All(unrolls, unroll =>
        {
            var iteration = byId[unroll.Parent!];
            Assert.Equal("l2l.iteration", iteration.Name);
            var run = byId[iteration.Parent!];
            Assert.Equal("l2l.run", run.Name);
            Assert.Equal("l2l.train", byId[run.Parent!].Name);
        });
    }

    [Theory]
    [InlineData("grpc")]
    [InlineData("http/protobuf")]
    public void AnOtlpEndpointThatRefusesTheConnectionIsSaidOnceOnStandardError(string protocol)
    {
        var environment = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{FreePorts.Take(1)[0]}",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = protocol,
        };

        var result = L2lConsole.Run(environment, SmallTrain);

        Assert.True(result.ExitCode == 0, result.Error);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"l2l: the OTLP endpoint {environment["OTEL_EXPORTER_OTLP_ENDPOINT"]}/", line, StringComparison.Ordinal);
        Assert.Contains("cannot be reached", line, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
