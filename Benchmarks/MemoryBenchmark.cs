using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Training;
using L2LCluster.Runs.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace L2LCluster.Benchmarks;

/// <summary>
/// Runs one long meta-training per estimator and samples memory from the baseline iteration on: a leak of a tensor or
/// two per iteration is invisible in a short run but grows the resident set steadily over a thousand. Truncated BPTT
/// walks the recorded graph; ES (one perturbation of the same problems) the forward-only path, where the cell computes
/// in place and the quadratics' gradients come in closed form.
/// </summary>
internal static class MemoryBenchmark
{
    public static IReadOnlyList<MemoryResult> Run(BenchmarkSettings settings, BenchmarkWorkload workload, Device device, TextWriter progress)
    {
        var family = workload.CreateFamily();
        var spec = BenchmarkSettings.Spec(workload, family, settings.MemoryIterations);
        return
        [
            Run(settings, "tbptt", spec, family, device, progress),
            Run(settings, "es", spec with { Estimator = new EvolutionStrategy(EvolutionStrategyKind.Truncated, Perturbations: 1) }, family, device, progress),
        ];
    }

    private static MemoryResult Run(BenchmarkSettings settings, string estimator, MetaTrainingSpec spec, IProblemFamily family, Device device, TextWriter progress)
    {
        using var trainer = new MetaTrainer(spec, family, device);
        var samples = new List<MemorySample>();
        for (var iteration = 1; iteration <= settings.MemoryIterations; iteration++)
        {
            trainer.Step();
            if (iteration % BenchmarkSettings.MemoryBaselineIteration == 0 || iteration == settings.MemoryIterations)
            {
                var sample = Sample(iteration);
                samples.Add(sample);
                progress.WriteLine($"memory {estimator}: iteration {iteration}/{settings.MemoryIterations}: RSS {sample.ResidentBytes / ReportTable.Mebibyte:F1} MiB, {sample.LiveTensors} live tensors");
            }
        }

        return new MemoryResult(estimator, samples);
    }

    private static MemorySample Sample(int iteration)
    {
        // The resident set first: the forced collection below would free whatever only the finalizers still hold
        // and so hide exactly the growth this benchmark is looking for.
        var process = ProcessMemory.Read();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        // Not GC.GetTotalMemory: here it returned about -2 MB mid-episode, the regions-GC miscount of
        // dotnet/runtime#106712 (gen0 keeping a pinned region).
        var managed = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        return new MemorySample(
            iteration,
            process.ResidentBytes,
            process.PeakResidentBytes,
            managed.HeapSizeBytes - managed.FragmentedBytes,
            managed.TotalCommittedBytes,
            DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount);
    }
}
