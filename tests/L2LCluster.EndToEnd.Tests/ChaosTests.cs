using System.Diagnostics;
using System.Globalization;
using L2LCluster.Contracts;
using L2LCluster.Hosting.Security;
using L2LCluster.Runs;
using L2LCluster.Runs.Storage;
using Xunit.Abstractions;

namespace L2LCluster.EndToEnd.Tests;

/// <summary>
/// One run on the local cluster (3 silo processes, Redis) while silos are killed with SIGKILL and started again every
/// ~20 s, Redis stops answering for 10 s, and a second cluster of the same service starts on the same Redis: the run
/// completes, its checkpoint never goes back (sampled every second) and its metrics hold every iteration once. The
/// report (faults, iterations each cost, wall time against an undisturbed run of the same spec and seed) goes to the
/// test's output.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class ChaosTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Iterations = 2400;
    private static readonly TimeSpan KillEvery = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan RedisOutage = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(10);

    private readonly LocalCluster _cluster = new(new Dictionary<string, string>());
    private readonly Random _random = new(20261201);
    private readonly List<Fault> _faults = [];
    private ClusterObserver _observer = null!;
    private ChildProcess? _second;

    public async Task InitializeAsync()
    {
        await _cluster.InitializeAsync();
        _observer = await ClusterObserver.ConnectAsync(_cluster);
    }

    public async Task DisposeAsync()
    {
        await _observer.DisposeAsync();
        _second?.Dispose();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task ARunCompletesThroughKilledSilosAStoppedRedisAndASecondClusterWithoutGoingBackOrRepeatingAnIteration()
    {
        var undisturbed = await TrainAsync("calm", disturb: false);
        var disturbed = await TrainAsync("chaos", disturb: true);

        var checkpoints = disturbed.Checkpoints;
        for (var i = 1; i < checkpoints.Count; i++)
        {
            Assert.True(checkpoints[i] >= checkpoints[i - 1], $"the checkpoint went back from iteration {checkpoints[i - 1]} to {checkpoints[i]}");
        }

        var rows = File.ReadLines(Path.Combine(_cluster.RunsFolder, "chaos", "metrics.csv")).Skip(1)
            .Select(line => int.Parse(line[..line.IndexOf(',', StringComparison.Ordinal)], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(1, Iterations), rows.Order());
        Assert.Contains(_faults, fault => fault.Kind == "redis stopped");
        Assert.Contains(_faults, fault => fault.Kind == "second cluster");
        Assert.True(_faults.Count(fault => fault.Kind.StartsWith("kill", StringComparison.Ordinal)) >= 2, Report(undisturbed, disturbed));
        output.WriteLine(Report(undisturbed, disturbed));
    }

    /// <summary>Trains a run to its end, injecting faults on the way when <paramref name="disturb"/>; its wall time and checkpoints sampled every second.</summary>
    private async Task<Training> TrainAsync(string run, bool disturb)
    {
        var submitted = await L2lConsole.RunAsync(
            _cluster.ClientEnvironment, "train", "--cluster", _cluster.Endpoint, "--run", run, "--problem", "quadratic", "--iterations",
            Text(Iterations), "--batch", "24", "--checkpoint-every", "10", "--worker-deadline", "30", "--seed", "5", "--detach");
        Assert.True(submitted.ExitCode == 0, $"l2l train: {submitted}");
        var clock = Stopwatch.StartNew();
        var folder = RunFolder.In(_cluster.RunsFolder, RunId.Parse(run, "run"));
        var checkpoints = new List<int>();
        var nextFault = TimeSpan.FromSeconds(10);
        var plan = new Queue<string>(["kill", "redis", "second cluster", "kill coordinator"]);
        RunStatus? last = null;
        Task? fault = null;
        while (folder.ReadCheckpoint() is not { State: RunState.Completed })
        {
            Assert.True(clock.Elapsed < Deadline, $"run {run} did not complete in {Deadline}; last status {last}{Environment.NewLine}{Report(null, null)}{Environment.NewLine}{_cluster.LogTails()}");
            var checkpoint = folder.ReadCheckpoint();
            Assert.True(checkpoint?.State != RunState.Failed, $"run {run} failed: {checkpoint?.Error}{Environment.NewLine}{Report(null, null)}{Environment.NewLine}{_cluster.LogTails()}");
            checkpoints.Add(checkpoint?.Iteration ?? 0);
            last = await _observer.StatusAsync(run) ?? last;
            if (fault is { IsCompleted: true })
            {
                await fault;
                fault = null;
                nextFault = clock.Elapsed + (plan.Count > 0 ? TimeSpan.FromSeconds(5) : KillEvery);
            }

            // A fault runs beside the sampling (a silo's restart and Redis's outage take seconds), one at a time.
            if (disturb && fault is null && clock.Elapsed >= nextFault)
            {
                fault = InjectAsync(plan.TryDequeue(out var next) ? next : "kill", run, last, clock.Elapsed);
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        if (fault is not null)
        {
            await fault;
        }

        checkpoints.Add(Iterations);
        return new Training(clock.Elapsed, checkpoints);
    }

    private async Task InjectAsync(string kind, string run, RunStatus? before, TimeSpan at)
    {
        switch (kind)
        {
            case "redis":
                using (var redis = Process.GetProcessById(_cluster.RedisProcessId))
                {
                    Signal("STOP", redis.Id);
                    await Task.Delay(RedisOutage);
                    Signal("CONT", redis.Id);
                }

                _faults.Add(new Fault(at, "redis stopped", before?.Iteration, 0));
                return;
            case "second cluster":
                StartSecondCluster();
                _faults.Add(new Fault(at, "second cluster", before?.Iteration, 0));
                return;
            default:
                var coordinator = before is null ? -1 : SiloIndexOf(before.CoordinatorSilo);
                var victim = kind == "kill coordinator" && coordinator >= 0 ? coordinator : _random.Next(LocalCluster.Silos);
                using (var silo = Process.GetProcessById(await _cluster.SiloProcessIdAsync(victim)))
                {
                    silo.Kill();
                }

                await Task.Delay(TimeSpan.FromSeconds(3));
                await _cluster.RestartSiloAsync(victim);
                // The run answers again once its coordinator is active on a live silo, which may take a membership round.
                var after = await _observer.StatusAsync(run);
                for (var wait = 0; after is null && wait < 30; wait++)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1));
                    after = await _observer.StatusAsync(run);
                }

                var lost = before is not null && after?.ResumedFromIteration is { } resumed && resumed != before.ResumedFromIteration
                    ? Math.Max(0, before.Iteration - resumed)
                    : 0;
                _faults.Add(new Fault(at, $"kill -9 silo {victim}{(victim == coordinator ? " (the coordinator's)" : "")}", before?.Iteration, lost));
                return;
        }
    }

    /// <summary>
    /// A silo of another cluster of the same service (its own cluster id and run store) on the same Redis: it shares
    /// the reminder table, so it is woken for this cluster's runs and must leave them alone.
    /// </summary>
    private void StartSecondCluster()
    {
        var identity = new CertificateFolder(_cluster.CertificateFolder).Identity(CertificateFolder.SiloName, TlsFiles.ConfigurationKeys);
        _second = _cluster.StartSilo(
            "--cluster-id", "second", "--runs", Path.Combine(_cluster.RunsFolder, "..", "second-runs"),
            "--tls-cert", identity.Certificate, "--tls-key", identity.Key, "--tls-ca", identity.Authority);
    }

    private int SiloIndexOf(string siloAddress) =>
        Enumerable.Range(0, LocalCluster.Silos).FirstOrDefault(index => siloAddress.StartsWith($"127.0.0.1:{_cluster.SiloPort(index)}@", StringComparison.Ordinal), -1);

    private static void Signal(string signal, int processId)
    {
        using var kill = Process.Start("kill", [$"-{signal}", Text(processId)]);
        kill.WaitForExit();
    }

    private string Report(Training? undisturbed, Training? disturbed)
    {
        var lines = new List<string> { "fault                                      at (s)  iteration  iterations lost" };
        lines.AddRange(_faults.Select(fault =>
            $"{fault.Kind,-42} {fault.At.TotalSeconds,6:F0}  {(fault.Iteration?.ToString(CultureInfo.InvariantCulture) ?? "-"),9}  {fault.Lost,15}"));
        if (undisturbed is not null && disturbed is not null)
        {
            lines.Add($"wall time: undisturbed {undisturbed.Wall.TotalSeconds:F0} s, with {_faults.Count} faults {disturbed.Wall.TotalSeconds:F0} s " +
                $"({disturbed.Wall / undisturbed.Wall:F2}×), {Iterations} iterations each; iterations lost in all: {_faults.Sum(fault => fault.Lost)}");
        }

        return string.Join(Environment.NewLine, lines);
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed record Fault(TimeSpan At, string Kind, int? Iteration, int Lost);

    private sealed record Training(TimeSpan Wall, IReadOnlyList<int> Checkpoints);
}
