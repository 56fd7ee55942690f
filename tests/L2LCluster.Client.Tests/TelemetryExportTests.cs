using System.Text;

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
    public void TraceConsolePrintsEverySpanOfTheRunToStandardOutput()
    {
        var result = L2lConsole.Run([.. SmallTrain, "--trace-console"]);

        Assert.True(result.ExitCode == 0, result.Error);
        var names = result.Output.Split('\n')
            .Where(line => line.StartsWith("Activity.DisplayName:", StringComparison.Ordinal))
            .Select(line => line["Activity.DisplayName:".Length..].Trim())
            .ToList();
        foreach (var name in new[] { "l2l.train", "l2l.run", "l2l.iteration", "l2l.unroll", "l2l.optimizer.apply", "l2l.checkpoint", "l2l.run.finish" })
        {
            Assert.Contains(name, names);
        }

        Assert.Equal(Iterations, names.Count(name => name == "l2l.iteration"));
    }

    public void Dispose() => _folder.Dispose();
}
