using System.Diagnostics;
using L2LCluster.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace L2LCluster.Cluster.Tests;

public sealed class TelemetrySamplingTests
{
    [Fact]
    public void OnlyTheProjectsRootsStartATraceAndEveryOtherSpanFollowsItsParent()
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddL2LTracing(TraceOutputs.None).AddInMemoryExporter(spans).Build();
        // Named like Orleans' sources, so the configuration's wildcard listens to it as it does to Orleans'.
        using var orleans = new ActivitySource("Microsoft.Orleans.Application");

        using (orleans.StartActivity("ICoordinatorGrain/GetStatusAsync", ActivityKind.Client))
        {
        }

        using (var train = L2LTelemetry.Source.StartActivity(L2LTelemetry.TrainSpan))
        {
            using (orleans.StartActivity("ICoordinatorGrain/StartAsync", ActivityKind.Client))
            {
            }
        }

        var unsampled = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None, isRemote: true);
        using (L2LTelemetry.Source.StartActivity(L2LTelemetry.IterationSpan, ActivityKind.Internal, unsampled))
        {
        }

        Assert.Equal(["ICoordinatorGrain/StartAsync", L2LTelemetry.TrainSpan], spans.Select(span => span.DisplayName));
        Assert.Equal(spans[1].SpanId, spans[0].ParentSpanId);
    }
}
