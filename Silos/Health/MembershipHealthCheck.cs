using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace L2LCluster.Silo.Health;

/// <summary>Healthy once this silo has joined its cluster: the membership table lists it as active.</summary>
public sealed class MembershipHealthCheck(IClusterMembershipService membership, ILocalSiloDetails silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = membership.CurrentSnapshot;
        var status = snapshot.GetSiloStatus(silo.SiloAddress);
        var active = snapshot.Members.Values.Count(member => member.Status == SiloStatus.Active);
        var description = $"{silo.SiloAddress} is {status} in membership version {snapshot.Version.Value}, {active} active silo(s)";
        return Task.FromResult(status == SiloStatus.Active ? HealthCheckResult.Healthy(description) : HealthCheckResult.Unhealthy(description));
    }
}
