using System.Diagnostics;
using L2LCluster.Contracts;
using L2LCluster.Learning.Training;
using L2LCluster.Runs;
using static TorchSharp.torch;

namespace L2LCluster.Benchmarks;

/// <summary>
/// Meta-training speed, and what running through the cluster costs on one machine: for every workload, each repeat
/// times the same fresh run (warm-up, then the timed iterations) once with <see cref="MetaTrainer"/> and once on an
/// embedded one-device silo, alternately, so that drift of a shared machine hits both sides alike.
/// </summary>
internal static class ThroughputBenchmark
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Far beyond any unroll here: a slow shared machine must not turn into a dropped worker.</summary>
    private static readonly TimeSpan WorkerDeadline = TimeSpan.FromMinutes(10);

    private const int NoCheckpoints = 1_000_000;

    // Blocking is safe: a console application has no synchronization context for the continuations to wait on.
    public static IReadOnlyList<WorkloadThroughput> Run(BenchmarkSettings settings, Device device, TextWriter progress) =>
        RunAsync(settings, device, progress).GetAwaiter().GetResult();

    /// <summary>The first iterations pay for libtorch's lazy initialisation and the JIT; they are not steady state.</summary>
    public static void WarmUp(MetaTrainer trainer, int iterations)
    {
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            trainer.Step();
        }
    }

    private static async Task<IReadOnlyList<WorkloadThroughput>> RunAsync(BenchmarkSettings settings, Device device, TextWriter progress)
    {
        await using var silo = await BenchmarkSilo.StartAsync(settings.DeviceKind, settings.Threads);
        var results = new List<WorkloadThroughput>(settings.Workloads.Count);
        foreach (var workload in settings.Workloads)
        {
            var prepared = PreparedWorkload.Of(workload, settings);
            var repeats = await prepared.PairAsync(
                settings.Repeats,
                ("single process", () => Task.FromResult(SingleProcess(prepared, device))),
                ("embedded", () => EmbeddedAsync(silo.Grains, prepared)),
                "throughput",
                progress);
            var spec = prepared.Spec;
            results.Add(new WorkloadThroughput(workload.Name, spec.Coordinates(prepared.Family), prepared.Timed, LstmFlops.PerCoordinateStep(spec.Architecture), repeats));
        }

        return results;
    }

    private static RepeatThroughput SingleProcess(PreparedWorkload prepared, Device device)
    {
        var timed = prepared.Timed;
        using var trainer = new MetaTrainer(prepared.Spec, prepared.Family, device);
        WarmUp(trainer, prepared.Warmup);
        long problemSteps = 0;
        long coordinateSteps = 0;
        var clock = Stopwatch.StartNew();
        for (var iteration = 0; iteration < timed; iteration++)
        {
            var report = trainer.Step();
            problemSteps += report.ProblemSteps;
            coordinateSteps += report.CoordinateSteps;
        }

        clock.Stop();
        return new RepeatThroughput(timed, clock.Elapsed.TotalSeconds, problemSteps, coordinateSteps);
    }

    /// <summary>
    /// Times the run from the coordinator's reported progress: from the first poll at or past the warm-up to the
    /// first at or past its end, over the iterations actually seen between them (a poll can land late).
    /// </summary>
    public static async Task<RepeatThroughput> EmbeddedAsync(IGrainFactory grains, PreparedWorkload prepared, AsynchronousMode? mode = null)
    {
        var (_, family, warmup, timed, spec) = prepared;
        var runId = RunId.Parse($"benchmark-{Guid.NewGuid():N}", "run");
        var coordinator = grains.GetGrain<ICoordinatorGrain>(runId.Value);
        await coordinator.StartAsync(new RunSpec(runId, spec, NoCheckpoints, WorkerDeadline, mode));
        var clock = Stopwatch.StartNew();
        (TimeSpan Time, int Iteration)? start = null;
        (TimeSpan Time, int Iteration) end;
        RunStatus status;
        while (true)
        {
            status = await coordinator.GetStatusAsync();
            var seen = (clock.Elapsed, status.Iteration);
            Healthy(status);
            if (start is null && status.Iteration >= warmup)
            {
                start = seen;
            }

            if (status.Iteration >= spec.Iterations)
            {
                end = seen;
                break;
            }

            await Task.Delay(PollInterval);
        }

        var iterations = end.Iteration - start!.Value.Iteration;
        if (iterations < 1)
        {
            throw new InvalidOperationException($"The embedded run went through its {timed} timed iterations between two polls; raise --iterations.");
        }

        // The next repeat's worker must start idle: wait for this run to write its optimizer and release its worker.
        while (!status.IsFinished)
        {
            await Task.Delay(PollInterval);
            status = await coordinator.GetStatusAsync();
        }

        Healthy(status);
        // Unroll divides the horizon here, so every iteration is a full truncation of every problem.
        var iterationSteps = (long)spec.Problems * spec.Unroll;
        return new RepeatThroughput(
            iterations,
            (end.Time - start.Value.Time).TotalSeconds,
            iterations * iterationSteps,
            iterations * spec.Coordinates(family) * spec.Unroll);
    }

    /// <summary>A dropped worker or a refused gradient would make the comparison meaningless: fail instead.</summary>
    private static void Healthy(RunStatus status)
    {
        if (status.State is RunState.Failed or RunState.Stopped or RunState.Unknown || status.DroppedWorkers.Count > 0 || status.RejectedGradients > 0)
        {
            throw new InvalidOperationException($"The embedded run {status.RunId} went wrong: {status.State}, {status.DroppedWorkers.Count} dropped worker(s), {status.RejectedGradients} rejected gradient(s){(status.Error is null ? "" : $": {status.Error}")}.");
        }
    }
}
