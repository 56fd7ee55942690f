using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace L2LCluster.Telemetry;

/// <summary>
/// One configuration for every program (silo, console, tests): the project's and Orleans' sources and meters, the
/// parent-based sampler, an OTLP exporter when the standard OTEL_EXPORTER_OTLP_* variables name an endpoint
/// (protocol, headers and timeouts come from the same variables; an endpoint that cannot be reached is said once on
/// standard error), and on request a compact span tree on standard error or OTLP-JSON lines in a file.
/// </summary>
public static class TelemetrySetup
{
    private const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>For a host (the silo): providers live and flush with it.</summary>
    public static IServiceCollection AddL2LTelemetry(this IServiceCollection services, string serviceName, TraceOutputs traces)
    {
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => Describe(resource, serviceName))
            .WithTracing(tracing => tracing.AddL2LTracing(traces))
            .WithMetrics(metrics => metrics.AddL2LMetrics());
        // A silo's log goes where its spans go, so a backend (the Aspire dashboard) shows them side by side.
        if (OtlpConfigured("OTEL_EXPORTER_OTLP_LOGS_ENDPOINT"))
        {
            telemetry.WithLogging(logging => logging.AddOtlpExporter());
        }

        return services;
    }

    /// <summary>For a program without a host (the console): dispose the result before exiting.</summary>
    public static TelemetryProviders Start(string serviceName, TraceOutputs traces) => new(
        Sdk.CreateTracerProviderBuilder().ConfigureResource(resource => Describe(resource, serviceName)).AddL2LTracing(traces).Build(),
        Sdk.CreateMeterProviderBuilder().ConfigureResource(resource => Describe(resource, serviceName)).AddL2LMetrics().Build());

    /// <summary>Sources and sampler, and the exporters the environment (and <paramref name="traces"/>) ask for.</summary>
    public static TracerProviderBuilder AddL2LTracing(this TracerProviderBuilder tracing, TraceOutputs traces)
    {
        ArgumentNullException.ThrowIfNull(tracing);
        ArgumentNullException.ThrowIfNull(traces);
        tracing.AddSource(L2LTelemetry.Name, L2LTelemetry.OrleansSources).SetSampler(new ParentBasedSampler(new ProjectRootSampler()));
        if (OtlpConfigured("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"))
        {
            tracing.AddOtlpExporter();
        }

        if (traces.Console || traces.File is not null)
        {
            var ancestry = new SpanAncestry(traces.AllSpans);
            tracing.AddProcessor(ancestry);
            if (traces.Console)
            {
                tracing.AddProcessor(new SpanTreeWriter(ancestry, Console.Error));
            }

            if (traces.File is { } file)
            {
                tracing.AddProcessor(new BatchActivityExportProcessor(new OtlpJsonFileExporter(file, ancestry)));
            }
        }

        return tracing;
    }

    /// <summary>Meters, and the OTLP exporter when the environment names an endpoint.</summary>
    public static MeterProviderBuilder AddL2LMetrics(this MeterProviderBuilder metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        metrics.AddMeter(L2LTelemetry.Name, L2LTelemetry.OrleansMeter);
        if (OtlpConfigured("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"))
        {
            metrics.AddOtlpExporter();
        }

        return metrics;
    }

    // Without an endpoint the exporter would send to localhost:4317 and log a failure for every batch: off by default.
    private static bool OtlpConfigured(string signalEndpoint)
    {
        var configured = !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(OtlpEndpoint))
            || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(signalEndpoint));
        if (configured)
        {
            OtlpFailureReporter.EnsureListening();
        }

        return configured;
    }

    // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES are read by the default resource; the program's name fills in.
    private static void Describe(ResourceBuilder resource, string serviceName)
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_SERVICE_NAME")))
        {
            resource.AddService(serviceName);
        }
    }
}
