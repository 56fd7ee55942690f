using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace L2LCluster.Telemetry;

/// <summary>
/// One configuration for every program (silo, console, tests): the project's and Orleans' sources and meters, the
/// parent-based sampler, an OTLP exporter when the standard OTEL_EXPORTER_OTLP_* variables name an endpoint
/// (protocol, headers and timeouts come from the same variables), and a console exporter for traces on request.
/// </summary>
public static class TelemetrySetup
{
    private const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>For a host (the silo): providers live and flush with it.</summary>
    public static IServiceCollection AddL2LTelemetry(this IServiceCollection services, string serviceName, bool traceConsole)
    {
        services.AddOpenTelemetry()
            .ConfigureResource(resource => Describe(resource, serviceName))
            .WithTracing(tracing => tracing.AddL2LTracing(traceConsole))
            .WithMetrics(metrics => metrics.AddL2LMetrics());
        return services;
    }

    /// <summary>For a program without a host (the console): dispose the result before exiting.</summary>
    public static TelemetryProviders Start(string serviceName, bool traceConsole) => new(
        Sdk.CreateTracerProviderBuilder().ConfigureResource(resource => Describe(resource, serviceName)).AddL2LTracing(traceConsole).Build(),
        Sdk.CreateMeterProviderBuilder().ConfigureResource(resource => Describe(resource, serviceName)).AddL2LMetrics().Build());

    /// <summary>Sources and sampler, and the exporters the environment (and <paramref name="traceConsole"/>) ask for.</summary>
    public static TracerProviderBuilder AddL2LTracing(this TracerProviderBuilder tracing, bool traceConsole)
    {
        ArgumentNullException.ThrowIfNull(tracing);
        tracing.AddSource(L2LTelemetry.Name, L2LTelemetry.OrleansSources).SetSampler(new ParentBasedSampler(new ProjectRootSampler()));
        if (OtlpConfigured("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"))
        {
            tracing.AddOtlpExporter();
        }

        if (traceConsole)
        {
            tracing.AddConsoleExporter();
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
    private static bool OtlpConfigured(string signalEndpoint) =>
        !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(OtlpEndpoint))
        || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(signalEndpoint));

    // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES are read by the default resource; the program's name fills in.
    private static void Describe(ResourceBuilder resource, string serviceName)
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_SERVICE_NAME")))
        {
            resource.AddService(serviceName);
        }
    }
}
