namespace L2LCluster.Testing;

/// <summary>One export an OTLP/HTTP client sent: the signal's path (/v1/traces, /v1/metrics), its content type and body.</summary>
public sealed record OtlpRequest(string Path, string? ContentType, byte[] Body);
