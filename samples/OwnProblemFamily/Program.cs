// Meta-trains a learned optimizer on a problem family defined only here (ShiftedQuadratics), on clusters this program
// starts with the L2LCluster.Hosting package: an embedded single-machine silo, then two silos of its own. On each it
// first submits a run naming a family no silo registered, which the cluster refuses naming the families on offer.
// Exits 1 if a run does not complete, does not lower its meta-loss, or the unknown family is accepted.
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using L2LCluster.Contracts;
using L2LCluster.Hosting;
using L2LCluster.Learning.Training;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;
using L2LCluster.Runs.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OwnProblemFamily;

var modes = args.Length > 0 ? args : ["embedded", "two-silos"];
var runs = Directory.CreateTempSubdirectory("own-family-").FullName;
var failures = 0;
foreach (var mode in modes)
{
    Console.WriteLine($"== {mode}");
    var silos = mode switch
    {
        "embedded" => [await EmbeddedSilo.StartAsync(Path.Combine(runs, mode), "cpu", threads: 1, configure: RegisterFamily)],
        "two-silos" => await TwoSilosAsync(Path.Combine(runs, mode)),
        _ => throw new ArgumentException($"Unknown mode '{mode}'; use embedded or two-silos."),
    };
    try
    {
        failures += await TrainAsync(silos[0].Services.GetRequiredService<IClusterClient>(), mode, silos.Length, Path.Combine(runs, mode));
    }
    finally
    {
        foreach (var silo in silos.Reverse())
        {
            await silo.StopAsync();
            silo.Dispose();
        }
    }
}

Directory.Delete(runs, recursive: true);
return failures == 0 ? 0 : 1;

static void RegisterFamily(L2LClusterOptions options) => options.Problems.Add(new ShiftedQuadratics());

static async Task<int> TrainAsync(IClusterClient client, string mode, int silos, string runStore)
{
    var spec = TrainingSpecs.ForFamily(new ShiftedQuadratics()) with { Iterations = 40, Seed = 3 };
    var failures = 0;
    try
    {
        await client.GetGrain<ICoordinatorGrain>($"{mode}-unknown").StartAsync(Run($"{mode}-unknown", spec with { Problem = "my-unregistered-family" }));
        Console.Error.WriteLine("own-family: a run naming an unregistered family was accepted.");
        failures++;
    }
    catch (InvalidRunException refusal)
    {
        Console.WriteLine($"Refused as it should be: {refusal.Message}");
        failures += refusal.Reason.Contains(ShiftedQuadratics.FamilyName, StringComparison.Ordinal) ? 0 : 1;
    }

    var coordinator = client.GetGrain<ICoordinatorGrain>($"{mode}-shifted");
    var status = await coordinator.StartAsync(Run($"{mode}-shifted", spec));
    while (!status.IsFinished)
    {
        await Task.Delay(200);
        status = await coordinator.GetStatusAsync();
    }

    // The run's metrics.csv, in the run store the silos share: the meta-loss of its first and last episodes.
    var episodes = MeanMetaLossPerEpisode(RunFolder.In(runStore, status.RunId).MetricsPath);
    var workerSilos = status.LiveWorkers.Select(WorkerKeys.SiloOf).Distinct().Count();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Run {status.RunId} {status.State.ToString().ToLowerInvariant()} after {status.Iteration} iterations on workers of {workerSilos} silo(s); mean meta-loss of its first episode {episodes[0]:G4}, of its last {episodes[^1]:G4}."));
    var optimizer = await coordinator.GetOptimizerFileAsync();
    Console.WriteLine($"Its optimizer file: {optimizer?.Length ?? 0} bytes (LearnedOptimizer takes it home).");
    var completed = status.State == RunState.Completed && workerSilos == silos && episodes[^1] < episodes[0];
    if (!completed)
    {
        Console.Error.WriteLine($"own-family: the {mode} run did not complete with a lower meta-loss on {silos} silo(s).");
    }

    return failures + (completed ? 0 : 1);
}

static double[] MeanMetaLossPerEpisode(string metricsCsv)
{
    var lines = File.ReadAllLines(metricsCsv);
    var columns = lines[0].Split(',');
    var episode = Array.IndexOf(columns, "episode");
    var metaLoss = Array.IndexOf(columns, "meta_loss");
    return [.. lines.Skip(1)
        .Select(line => line.Split(','))
        .GroupBy(row => long.Parse(row[episode], CultureInfo.InvariantCulture))
        .OrderBy(group => group.Key)
        .Select(group => group.Average(row => double.Parse(row[metaLoss], CultureInfo.InvariantCulture)))];
}

static RunSpec Run(string name, MetaTrainingSpec spec) => new(RunId.Parse(name, "run"), spec, CheckpointEvery: 10, WorkerDeadline: TimeSpan.FromMinutes(1));

// Two silos of one cluster on this machine: the second joins through the first (localhost clustering), both with
// the family registered and one run folder.
static async Task<IHost[]> TwoSilosAsync(string runs)
{
    var primary = new IPEndPoint(IPAddress.Loopback, FreePort());
    var silos = new List<IHost>();
    foreach (var siloPort in new[] { primary.Port, FreePort() })
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.AddL2LDefaults(HostRole.EmbeddedSilo);
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(siloPort, FreePort(), primary, serviceId: "own-family", clusterId: "own-family")
            .UseInMemoryReminderService()
            .AddL2LCluster(RegisterFamily)
            .AddDirectoryRunStore(options => options.Directory = runs));
        var host = builder.Build();
        await host.StartAsync();
        silos.Add(host);
    }

    return [.. silos];
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}
