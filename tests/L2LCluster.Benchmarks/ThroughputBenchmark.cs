using System.Diagnostics;
using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Training;
using static TorchSharp.torch;

namespace L2LCluster.Benchmarks;

/// <summary>Meta-training speed: optimizee work done per second of wall time, over repeated timed blocks.</summary>
internal static class ThroughputBenchmark
{
    public static ThroughputResult Run(BenchmarkSettings settings, IProblemFamily family, Device device)
    {
        var total = settings.WarmupIterations + settings.Repeats * settings.Iterations;
        using var trainer = new MetaTrainer(settings.Spec(family, total), family, device);
        WarmUp(trainer, settings.WarmupIterations);
        var repeats = new List<RepeatThroughput>(settings.Repeats);
        for (var repeat = 1; repeat <= settings.Repeats; repeat++)
        {
            var measured = TimeBlock(trainer, settings.Iterations);
            repeats.Add(measured);
            Console.Error.WriteLine($"throughput: repeat {repeat}/{settings.Repeats}: {measured.ProblemStepsPerSecond:N0} problem-steps/s, {measured.IterationsPerSecond:F2} iterations/s");
        }

        return new ThroughputResult(repeats);
    }

    /// <summary>The first iterations pay for libtorch's lazy initialisation and the JIT; they are not steady state.</summary>
    public static void WarmUp(MetaTrainer trainer, int iterations)
    {
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            trainer.Step();
        }
    }

    public static RepeatThroughput TimeBlock(MetaTrainer trainer, int iterations)
    {
        long problemSteps = 0;
        long coordinateSteps = 0;
        var clock = Stopwatch.StartNew();
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            var report = trainer.Step();
            problemSteps += report.ProblemSteps;
            coordinateSteps += report.CoordinateSteps;
        }

        clock.Stop();
        return new RepeatThroughput(iterations, clock.Elapsed.TotalSeconds, problemSteps, coordinateSteps);
    }
}
