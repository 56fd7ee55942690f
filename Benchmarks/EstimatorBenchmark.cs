using L2LCluster.Runs.Specs;
using static TorchSharp.torch;

namespace L2LCluster.Benchmarks;

/// <summary>
/// What forward-only estimation gains: for every workload, fresh single-process runs of truncated BPTT and of ES with
/// one perturbation of the same problems, alternately. ES unrolls them twice (φ + ε and φ − ε) and counts both in its
/// problem-steps: the rate is per perturbed unroll, against backpropagation's rate on the same work.
/// </summary>
internal static class EstimatorBenchmark
{
    public static IReadOnlyList<EstimatorThroughput> Run(BenchmarkSettings settings, Device device, TextWriter progress) =>
        [.. settings.Workloads.Select(workload =>
        {
            var prepared = PreparedWorkload.Of(workload, settings);
            var evolution = prepared with { Spec = prepared.Spec with { Estimator = new EvolutionStrategy(EvolutionStrategyKind.Truncated, Perturbations: 1) } };
            var repeats = prepared.PairAsync(
                settings.Repeats,
                ("tbptt", () => Task.FromResult(ThroughputBenchmark.SingleProcess(prepared, device))),
                ("es", () => Task.FromResult(ThroughputBenchmark.SingleProcess(evolution, device))),
                "estimators",
                progress).GetAwaiter().GetResult();
            return new EstimatorThroughput(workload.Name, prepared.Timed, repeats);
        })];
}
