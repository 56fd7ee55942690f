using L2LCluster.Contracts;

namespace L2LCluster.Cluster.Tests;

/// <summary>A client reaches the run grains only; workers, device grains and Orleans' management grain answer silos alone.</summary>
[Trait("Category", "Cluster")]
public sealed class ClientCallFilterTests : IAsyncLifetime
{
    private ClusterHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await ClusterHarness.StartAsync(silos: 1);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task AClientCallsTheRunCatalogAndARunsCoordinator()
    {
        var runs = await _harness.Client.GetGrain<IRunCatalogGrain>(0).ListRunsAsync();
        var status = await _harness.Coordinator("nobody").GetStatusAsync();

        Assert.Empty(runs);
        Assert.Equal("nobody", status.RunId.Value);
    }

    [Fact]
    public async Task AClientIsRefusedTheDeviceWorkerAndManagementGrains()
    {
        var silo = _harness.Cluster.Silos[0].SiloAddress.ToParsableString();

        var devices = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => _harness.Client.GetGrain<ISiloDevicesGrain>(silo).GetDevicesAsync());
        var worker = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => _harness.Client.GetGrain<IWorkerGrain>(WorkerKeys.Create(silo, 0)).ReleaseAsync(Runs.RunId.Parse("any", "run")));
        var management = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => _harness.Client.GetGrain<IManagementGrain>(0).GetHosts());

        Assert.Contains("ISiloDevicesGrain.GetDevicesAsync", devices.Message, StringComparison.Ordinal);
        Assert.Contains("IWorkerGrain.ReleaseAsync", worker.Message, StringComparison.Ordinal);
        Assert.Contains("IManagementGrain.GetHosts", management.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASilosOwnCodeReachesThem()
    {
        var hosts = await _harness.SiloGrains.GetGrain<IManagementGrain>(0).GetHosts();

        Assert.Single(hosts);
    }
}
