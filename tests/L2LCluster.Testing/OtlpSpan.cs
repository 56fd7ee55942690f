namespace L2LCluster.Testing;

/// <summary>A span as an OTLP trace export carries it, with its service's name (ids in hex; the root's parent is empty).</summary>
public sealed record OtlpSpan(string Service, string TraceId, string SpanId, string ParentSpanId, string Name);
