using System.Diagnostics.Tracing;

namespace L2LCluster.Telemetry;

/// <summary>
/// Says once on standard error when the OTLP endpoint cannot be reached. The exporter reports that only through its
/// EventSource, which nobody listens to, so every span and metric would be lost without a word.
/// </summary>
internal sealed class OtlpFailureReporter : EventListener
{
    private const string ExporterSource = "OpenTelemetry-Exporter-OpenTelemetryProtocol";
    // OTLP/HTTP reports a refused connection as the first, OTLP/gRPC (which retries) as the second.
    private static readonly string[] Unreachable = ["FailedToReachCollector", "TransientHttpError"];

    private static readonly Lazy<OtlpFailureReporter> Instance = new(() => new OtlpFailureReporter());

    private int _reported;

    /// <summary>Listens for the rest of the process (the exporter lives as long).</summary>
    public static void EnsureListening() => _ = Instance.Value;

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == ExporterSource)
        {
            EnableEvents(eventSource, EventLevel.Warning);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!Unreachable.Contains(eventData.EventName) || Interlocked.Exchange(ref _reported, 1) == 1)
        {
            return;
        }

        var endpoint = eventData.Payload is [var uri, ..] ? uri : "(unknown)";
        var reason = eventData.Payload is [_, string error, ..] ? FirstLine(error) : "no reason given";
        Console.Error.WriteLine($"l2l: the OTLP endpoint {endpoint} cannot be reached ({reason}); traces and metrics sent there are lost. Check OTEL_EXPORTER_OTLP_ENDPOINT.");
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
