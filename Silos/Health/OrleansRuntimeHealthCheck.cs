using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace L2LCluster.Silo.Health;

/// <summary>
/// Asks Orleans' health-check participants (the runtime's timers, membership probing, activation collection) the
/// question its own watchdog asks: has each done its work since the last check?
/// </summary>
public sealed class OrleansRuntimeHealthCheck(IEnumerable<IHealthCheckParticipant> participants, TimeProvider time) : IHealthCheck
{
    private readonly Lock _gate = new();
    private DateTime _lastCheck = time.GetUtcNow().UtcDateTime;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        DateTime since;
        lock (_gate)
        {
            since = _lastCheck;
            _lastCheck = time.GetUtcNow().UtcDateTime;
        }

        var complaints = new List<string>();
        foreach (var participant in participants)
        {
            if (!participant.CheckHealth(since, out var reason))
            {
                complaints.Add($"{participant.GetType().Name}: {reason}");
            }
        }

        return Task.FromResult(complaints.Count == 0
            ? HealthCheckResult.Healthy("every Orleans runtime component reports healthy")
            : HealthCheckResult.Unhealthy(string.Join("; ", complaints)));
    }
}
