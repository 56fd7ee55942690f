namespace L2LCluster.Telemetry;

/// <summary>Where a program's spans go besides OTLP (which the standard OTEL_* variables turn on).</summary>
/// <param name="Console">A compact span tree on standard error, one line per span.</param>
/// <param name="File">OTLP-JSON lines (one export request a line) that trace viewers and the collector's file receiver load.</param>
/// <param name="AllSpans">Orleans' own spans too; by default only the project's, re-parented to their nearest project ancestor.</param>
public sealed record TraceOutputs(bool Console = false, string? File = null, bool AllSpans = false)
{
    public static TraceOutputs None { get; } = new();
}
