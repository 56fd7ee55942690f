using L2LCluster.Contracts;
using Microsoft.Extensions.DependencyInjection;
using static TorchSharp.torch;

namespace L2LCluster.Benchmarks;

/// <summary>
/// Synchronous against asynchronous training with two workers of unequal speed (one <see cref="SlowDeviceFilter.Slowdown"/>×
/// slower), on the embedded cluster, alternately in fresh runs. An asynchronous update averages one gradient per
/// worker of half the problems each, so both modes count the same problem-steps per update.
/// </summary>
internal static class AsynchronousBenchmark
{
    private const int Workers = 2;

    /// <summary>The learned_optimization default neighbourhood: a couple of versions of lag is harmless.</summary>
    private static readonly AsynchronousMode Mode = new(MaxStaleness: 2, GradientsPerUpdate: 0);

    // Blocking is safe: a console application has no synchronization context for the continuations to wait on.
    public static AsynchronousResult Run(BenchmarkSettings settings, BenchmarkWorkload workload, TextWriter progress) =>
        RunAsync(settings, workload, progress).GetAwaiter().GetResult();

    private static async Task<AsynchronousResult> RunAsync(BenchmarkSettings settings, BenchmarkWorkload workload, TextWriter progress)
    {
        // Two CPU workers whatever the device: the comparison is about waiting, not about the device's speed.
        await using var silo = await BenchmarkSilo.StartAsync(
            "cpu", settings.Threads, Workers, services => services.AddSingleton<IIncomingGrainCallFilter>(new SlowDeviceFilter()));
        var family = workload.CreateFamily();
        var warmup = workload.ScaleIterations(settings.WarmupIterations, family);
        var timed = workload.ScaleIterations(settings.Iterations, family);
        var spec = BenchmarkSettings.Spec(workload, family, warmup + timed);
        var repeats = new List<PairedRepeat>(settings.Repeats);
        for (var repeat = 1; repeat <= settings.Repeats; repeat++)
        {
            var synchronous = await ThroughputBenchmark.EmbeddedAsync(silo.Grains, spec, family, warmup, timed);
            var asynchronous = await ThroughputBenchmark.EmbeddedAsync(silo.Grains, spec, family, warmup, timed, Mode);
            repeats.Add(new PairedRepeat(synchronous, asynchronous));
            progress.WriteLine($"asynchronous {workload.Name}: repeat {repeat}/{settings.Repeats}: synchronous {synchronous.ProblemStepsPerSecond:N0}, asynchronous {asynchronous.ProblemStepsPerSecond:N0} problem-steps/s ({repeats[^1].Ratio:F2})");
        }

        return new AsynchronousResult(workload.Name, Workers, SlowDeviceFilter.Slowdown, Mode.MaxStaleness, repeats);
    }
}
