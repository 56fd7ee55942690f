using L2LCluster.Learning;
using static TorchSharp.torch;

namespace L2LCluster.Benchmarks;

/// <summary>Runs the sections a benchmark asks for on this machine and reports them as a table and, if asked, JSON.</summary>
public static class Benchmark
{
    /// <summary>
    /// Synchronous on purpose: TorchSharp's live-tensor statistics are per thread, so every sample must come from
    /// the thread that drives the trainer.
    /// </summary>
    /// <param name="output">Where the report table goes.</param>
    /// <param name="progress">Where a line per timed repeat goes, so that a long run shows it is alive.</param>
    public static void Run(BenchmarkSettings settings, TextWriter output, TextWriter progress)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        TorchSetup.ConfigureOnce(settings.Threads, "--threads", warning => progress.WriteLine($"warning: {warning}"));
        var device = TorchSetup.UsesCuda(settings.DeviceKind, "--device") ? CUDA : CPU;
        var machine = MachineInfo.Current(device);

        progress.WriteLine($"{machine.Summary}; workloads {string.Join(", ", settings.Workloads.Select(workload => workload.Name))}, unroll {BenchmarkSettings.Unroll} of horizon {BenchmarkSettings.Horizon}.");

        var reference = settings.Workloads[0];
        var ceiling = settings.Includes(BenchmarkSection.Ceiling) ? MatmulCeiling.Run(settings, device, progress) : null;
        var memory = settings.Includes(BenchmarkSection.Memory) ? MemoryBenchmark.Run(settings, reference, device, progress) : null;
        var throughput = settings.Includes(BenchmarkSection.Throughput) ? ThroughputBenchmark.Run(settings, device, progress) : null;
        var estimators = settings.Includes(BenchmarkSection.Estimators) ? EstimatorBenchmark.Run(settings, device, progress) : null;
        var asynchronous = settings.Includes(BenchmarkSection.Asynchronous) ? AsynchronousBenchmark.Run(settings, reference, progress) : null;
        var coordinator = settings.Includes(BenchmarkSection.Coordinator) ? CoordinatorBenchmark.Run(settings, reference, progress) : null;
        var optimizers = settings.Includes(BenchmarkSection.Optimizers) ? OptimizerStepBenchmark.Run(settings, device, progress) : null;
        var usefulness = settings.Includes(BenchmarkSection.Usefulness) ? UsefulnessBenchmark.Run(settings, reference, device, progress) : null;
        var report = new BenchmarkReport(machine, settings, ceiling, memory, throughput, estimators, asynchronous, coordinator, optimizers, usefulness);
        ReportTable.Write(report, output);
        if (settings.JsonPath is not null)
        {
            report.WriteJson(settings.JsonPath);
            output.WriteLine($"JSON written to {settings.JsonPath}.");
        }
    }
}
