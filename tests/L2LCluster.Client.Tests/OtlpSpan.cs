namespace L2LCluster.Client.Tests;

/// <summary>A span as an OTLP trace export carries it (ids in hex; the root's parent is empty).</summary>
internal sealed record OtlpSpan(string TraceId, string SpanId, string ParentSpanId, string Name);
