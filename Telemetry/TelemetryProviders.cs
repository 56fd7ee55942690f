using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace L2LCluster.Telemetry;

/// <summary>A program's tracer and meter providers; disposing them flushes what is still buffered to the exporters.</summary>
public sealed class TelemetryProviders(TracerProvider tracing, MeterProvider metrics) : IDisposable
{
    public void Dispose()
    {
        tracing.Dispose();
        metrics.Dispose();
    }
}
