using L2LCluster.Grains.Devices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace L2LCluster.Silo.Health;

/// <summary>
/// Healthy once this silo's devices are discovered and their executor threads started. Asking for them discovers
/// them, so the startup probe fails with the reason (e.g. CUDA asked for on a node without a GPU) instead of the
/// first unroll. Never queues work on a device: its executor may be busy with an unroll for minutes.
/// </summary>
public sealed class DevicesHealthCheck(IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var devices = services.GetRequiredService<SiloDevices>().Devices;
        var description = $"{devices.Count} device(s): {string.Join(", ", devices.Select(device => device.Info.Description))}";
        return Task.FromResult(devices.Count > 0 ? HealthCheckResult.Healthy(description) : HealthCheckResult.Unhealthy(description));
    }
}
