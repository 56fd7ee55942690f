using System.Diagnostics;
using L2LCluster.Contracts;
using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Training;
using static TorchSharp.torch;

namespace L2LCluster.Benchmarks;

/// <summary>
/// What running through the cluster costs on one machine: each repeat times the same fresh run (warm-up, then the
/// timed iterations) once with <see cref="MetaTrainer"/> and once on an embedded one-device silo, alternately, so
/// that drift of a shared machine hits both sides alike.
/// </summary>
internal static class ClusterThroughputBenchmark
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Far beyond any unroll here: a slow shared machine must not turn into a dropped worker.</summary>
    private static readonly TimeSpan WorkerDeadline = TimeSpan.FromMinutes(10);

    private const int NoCheckpoints = 1_000_000;

    // Blocking is safe: a console application has no synchronization context for the continuations to wait on.
    public static ClusterThroughputResult Run(BenchmarkSettings settings, IProblemFamily family, Device device) =>
        RunAsync(settings, family, device).GetAwaiter().GetResult();

    private static async Task<ClusterThroughputResult> RunAsync(BenchmarkSettings settings, IProblemFamily family, Device device)
    {
        var spec = settings.Spec(family, settings.WarmupIterations + settings.Iterations);
        await using var silo = await BenchmarkSilo.StartAsync(settings.Threads);
        var repeats = new List<ClusterRepeat>(settings.Repeats);
        for (var repeat = 1; repeat <= settings.Repeats; repeat++)
        {
            var single = SingleProcess(spec, family, device, settings);
            var embedded = await EmbeddedAsync(silo.Grains, spec, family, settings);
            repeats.Add(new ClusterRepeat(single, embedded));
            Console.Error.WriteLine($"cluster: repeat {repeat}/{settings.Repeats}: single process {single.ProblemStepsPerSecond:N0}, embedded {embedded.ProblemStepsPerSecond:N0} problem-steps/s ({repeats[^1].Ratio:F3})");
        }

        return new ClusterThroughputResult(repeats);
    }

    private static RepeatThroughput SingleProcess(MetaTrainingSpec spec, IProblemFamily family, Device device, BenchmarkSettings settings)
    {
        using var trainer = new MetaTrainer(spec, family, device);
        ThroughputBenchmark.WarmUp(trainer, settings.WarmupIterations);
        return ThroughputBenchmark.TimeBlock(trainer, settings.Iterations);
    }

    /// <summary>
    /// Times the run from the coordinator's reported progress: from the first poll at or past the warm-up to the
    /// first at or past its end, over the iterations actually seen between them (a poll can land late).
    /// </summary>
    private static async Task<RepeatThroughput> EmbeddedAsync(IGrainFactory grains, MetaTrainingSpec spec, IProblemFamily family, BenchmarkSettings settings)
    {
        var runId = $"benchmark-{Guid.NewGuid():N}";
        var coordinator = grains.GetGrain<ICoordinatorGrain>(runId);
        await coordinator.StartAsync(new RunSpec(runId, MetaTrainingSpecJson.Serialize(spec), NoCheckpoints, WorkerDeadline));
        var clock = Stopwatch.StartNew();
        (TimeSpan Time, int Iteration)? start = null;
        (TimeSpan Time, int Iteration) end;
        RunStatus status;
        while (true)
        {
            status = await coordinator.GetStatusAsync();
            var seen = (clock.Elapsed, status.Iteration);
            Healthy(status);
            if (start is null && status.Iteration >= settings.WarmupIterations)
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
            throw new InvalidOperationException($"The embedded run went through its {settings.Iterations} timed iterations between two polls; raise --iterations.");
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
