using L2LCluster.Learning.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace L2LCluster.Benchmarks;

/// <summary>
/// Runs one long meta-training and samples memory from the baseline iteration on: a leak of a tensor or two per
/// iteration is invisible in a short run but grows the resident set steadily over a thousand.
/// </summary>
internal static class MemoryBenchmark
{
    public static MemoryResult Run(BenchmarkSettings settings, BenchmarkWorkload workload, Device device, TextWriter progress)
    {
        var family = workload.CreateFamily();
        using var trainer = new MetaTrainer(BenchmarkSettings.Spec(workload, family, settings.MemoryIterations), family, device);
        var samples = new List<MemorySample>();
        for (var iteration = 1; iteration <= settings.MemoryIterations; iteration++)
        {
            trainer.Step();
            if (iteration % BenchmarkSettings.MemoryBaselineIteration == 0 || iteration == settings.MemoryIterations)
            {
                var sample = Sample(iteration);
                samples.Add(sample);
                progress.WriteLine($"memory: iteration {iteration}/{settings.MemoryIterations}: RSS {sample.ResidentBytes / ReportTable.Mebibyte:F1} MiB, {sample.LiveTensors} live tensors");
            }
        }

        return new MemoryResult(samples);
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
