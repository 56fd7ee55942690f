using L2LCluster.Grains.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace L2LCluster.Silo.Health;

/// <summary>Healthy when the run store (a shared directory or Redis) answers a listing of its runs in time.</summary>
public sealed class RunStoreHealthCheck(IRunStore store) : IHealthCheck
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Deadline);
        try
        {
            var runs = await store.ListRunsAsync(deadline.Token).WaitAsync(deadline.Token);
            return HealthCheckResult.Healthy($"{store.GetType().Name} holds {runs.Count} run(s)");
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{store.GetType().Name} did not answer within {Deadline.TotalSeconds:F0} s: {error.Message}");
        }
    }
}
