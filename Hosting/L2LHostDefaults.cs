using L2LCluster.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace L2LCluster.Hosting;

/// <summary>
/// What every L2LCluster host shares: logs go to standard error (standard output is the program's own: a table, JSON,
/// progress), and traces and metrics go where the standard OTEL_* variables say.
/// </summary>
public static class L2LHostDefaults
{
    public const string SiloServiceName = "l2l-silo";

    /// <param name="builder">The host being built.</param>
    /// <param name="role">What the host is.</param>
    /// <param name="traces">A silo: where its spans also go (a span tree on standard error, a file).</param>
    public static IHostApplicationBuilder AddL2LDefaults(this IHostApplicationBuilder builder, HostRole role, TraceOutputs? traces = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Logging.ClearProviders().AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        switch (role)
        {
            case HostRole.Silo:
                builder.Services.AddL2LTelemetry(SiloServiceName, traces ?? TraceOutputs.None);
                break;
            case HostRole.EmbeddedSilo:
                builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Orleans", LogLevel.Error);
                break;
            case HostRole.Client:
                // A failed start is reported once, by the console, not also by the host.
                builder.Logging.SetMinimumLevel(LogLevel.Error).AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown host role.");
        }

        return builder;
    }
}
