using System.Net;
using L2LCluster.Hosting;
using L2LCluster.Silo.Health;

namespace L2LCluster.Deploy.Tests;

/// <summary>What Kubernetes and the training Job ask of a real silo process: its health endpoints and its gateway.</summary>
public sealed class RunningSiloTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_silo_is_ready_once_it_has_joined_with_its_devices_and_is_live()
    {
        using var runs = new TempFolder();
        using var silo = new SiloProcess(runs.Path);

        var startup = await silo.WaitForAsync(HealthEndpoints.StartupPath, HttpStatusCode.OK, StartTimeout);
        var ready = await silo.WaitForAsync(HealthEndpoints.ReadyPath, HttpStatusCode.OK, StartTimeout);
        var (liveStatus, live) = await silo.GetAsync(HealthEndpoints.LivePath);

        Assert.Contains("is Active in membership", startup);
        Assert.Contains("devices: Healthy: 1 device(s): cpu", startup);
        Assert.Contains("membership: Healthy", ready);
        Assert.Contains("run-store: Healthy: DirectoryRunStore", ready);
        Assert.Equal(HttpStatusCode.OK, liveStatus);
        Assert.Contains("orleans-runtime: Healthy", live);
    }

    [Fact]
    public async Task The_console_reaches_a_ready_silo_through_a_gateway_host_name_as_the_training_job_does()
    {
        using var runs = new TempFolder();
        using var silo = new SiloProcess(runs.Path);
        await silo.WaitForAsync(HealthEndpoints.ReadyPath, HttpStatusCode.OK, StartTimeout);

        using var console = new ChildProcess("dotnet", [SiloProcess.Program("Client", "l2l"), "status", "no-such-run", "--cluster", $"localhost:{silo.GatewayPort}"]);
        var result = await console.WaitAsync(StartTimeout);

        // The cluster answered: it knows no such run (exit code 2), rather than the console failing to connect.
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"the cluster at localhost:{silo.GatewayPort} has no run named 'no-such-run'", result.Error);
    }

    [Fact]
    public async Task A_silo_whose_run_store_is_unreachable_is_live_but_not_ready()
    {
        using var runs = new TempFolder();
        var nobodyListens = FreePorts.Take(1)[0];
        using var silo = new SiloProcess(runs.Path, new Dictionary<string, string>
        {
            ["L2L_STORAGE"] = "redis",
            ["L2L_STORAGE_REDIS"] = $"127.0.0.1:{nobodyListens},abortConnect=false,connectTimeout=500",
        });

        await silo.WaitForAsync(HealthEndpoints.StartupPath, HttpStatusCode.OK, StartTimeout);
        var (readyStatus, ready) = await silo.GetAsync(HealthEndpoints.ReadyPath);
        var (liveStatus, _) = await silo.GetAsync(HealthEndpoints.LivePath);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyStatus);
        Assert.Contains("run-store: Unhealthy: RedisRunStore", ready);
        Assert.Contains("membership: Healthy", ready);
        Assert.Equal(HttpStatusCode.OK, liveStatus);
    }

    [Fact]
    public async Task Kubernetes_clustering_without_the_pod_environment_stops_the_silo_naming_what_is_missing()
    {
        using var runs = new TempFolder();
        var environment = PodEnvironment.Required.ToDictionary(name => name, _ => "");
        environment["L2L_CLUSTERING"] = "kubernetes";
        environment["L2L_REDIS"] = "127.0.0.1:1";
        using var silo = new SiloProcess(runs.Path, environment);

        var result = await silo.WaitForExitAsync(StartTimeout);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"{PodEnvironment.ServiceId}: must be set for kubernetes clustering", result.Output + result.Error);
    }
}
