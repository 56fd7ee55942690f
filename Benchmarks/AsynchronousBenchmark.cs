using L2LCluster.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace L2LCluster.Benchmarks;

/// <summary>
/// Synchronous against asynchronous training with two workers of unequal speed (one <see cref="Slowdown"/>×
/// slower), on the embedded cluster, alternately in fresh runs. An asynchronous update averages one gradient per
/// worker of half the problems each, so both modes count the same problem-steps per update.
/// </summary>
internal static class AsynchronousBenchmark
{
    private const int Workers = 2;

    private const double Slowdown = 3.0;

    /// <summary>The learned_optimization default neighbourhood: a couple of versions of lag is harmless.</summary>
    private static readonly AsynchronousMode Mode = new(MaxStaleness: 2, GradientsPerUpdate: 0);

    // Blocking is safe: a console application has no synchronization context for the continuations to wait on.
    public static AsynchronousResult Run(BenchmarkSettings settings, BenchmarkWorkload workload, TextWriter progress) =>
        RunAsync(settings, workload, progress).GetAwaiter().GetResult();

    private static async Task<AsynchronousResult> RunAsync(BenchmarkSettings settings, BenchmarkWorkload workload, TextWriter progress)
    {
        // Two CPU workers whatever the device: the comparison is about waiting, not about the device's speed.
        await using var silo = await BenchmarkSilo.StartAsync(
            "cpu", settings.Threads, Workers, services => services.AddSingleton<IIncomingGrainCallFilter>(new SlowDeviceFilter(Slowdown)));
        var prepared = PreparedWorkload.Of(workload, settings);
        var repeats = await prepared.PairAsync(
            settings.Repeats,
            ("synchronous", () => ThroughputBenchmark.EmbeddedAsync(silo.Grains, prepared)),
            ("asynchronous", () => ThroughputBenchmark.EmbeddedAsync(silo.Grains, prepared, Mode)),
            "asynchronous",
            progress);

        return new AsynchronousResult(workload.Name, Workers, Slowdown, Mode.MaxStaleness, repeats);
    }
}
