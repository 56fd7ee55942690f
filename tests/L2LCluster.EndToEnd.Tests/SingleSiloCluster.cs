namespace L2LCluster.EndToEnd.Tests;

/// <summary>A one-silo cluster of deploy/local/cluster.sh, with its certificates (the TLS tests' fixture).</summary>
public sealed class SingleSiloCluster : IAsyncLifetime
{
    public LocalCluster Cluster { get; } = new(new Dictionary<string, string>(), silos: 1);

    /// <summary>Its one gateway, as --cluster names it.</summary>
    public string Gateway => $"127.0.0.1:{Cluster.GatewayPort(0)}";

    public Task InitializeAsync() => Cluster.InitializeAsync();

    public Task DisposeAsync() => Cluster.DisposeAsync();
}
