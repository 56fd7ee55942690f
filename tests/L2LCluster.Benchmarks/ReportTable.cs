using System.Globalization;

namespace L2LCluster.Benchmarks;

/// <summary>The report as aligned text for a terminal or a pasted comment.</summary>
internal static class ReportTable
{
    public const double Mebibyte = 1024.0 * 1024.0;

    public static void Write(BenchmarkReport report, TextWriter output)
    {
        var settings = report.Settings;
        var throughput = report.Throughput;
        var memory = report.Memory;
        output.WriteLine();
        output.WriteLine($"Machine   {report.Machine.Summary}");
        output.WriteLine($"Workload  quadratic, {settings.Batch} problems, unroll {BenchmarkSettings.Unroll}, horizon {BenchmarkSettings.Horizon}");
        output.WriteLine();
        output.WriteLine($"Throughput: {settings.Repeats} repeats × {settings.Iterations} meta-iterations after {settings.WarmupIterations} warm-up");
        output.WriteLine($"  {"repeat",-8}{"seconds",10}{"iterations/s",16}{"problem-steps/s",20}{"coordinate-steps/s",22}");
        for (var index = 0; index < throughput.Repeats.Count; index++)
        {
            var repeat = throughput.Repeats[index];
            output.WriteLine($"  {index + 1,-8}{repeat.Seconds,10:F2}{repeat.IterationsPerSecond,16:F2}{repeat.ProblemStepsPerSecond,20:N0}{repeat.CoordinateStepsPerSecond,22:N0}");
        }

        WriteSpread(output, "median", spread => spread.Median, throughput);
        WriteSpread(output, "min", spread => spread.Min, throughput);
        WriteSpread(output, "max", spread => spread.Max, throughput);
        output.WriteLine();
        output.WriteLine($"Memory: {settings.MemoryIterations} meta-iterations, sampled every {BenchmarkSettings.MemoryBaselineIteration}");
        output.WriteLine($"  {"iteration",-10}{"RSS MiB",10}{"peak MiB",10}{"managed live MiB",18}{"managed committed MiB",23}{"live tensors",14}");
        foreach (var sample in memory.Samples)
        {
            output.WriteLine($"  {sample.Iteration,-10}{Mib(sample.ResidentBytes),10}{Mib(sample.PeakResidentBytes),10}{Mib(sample.ManagedLiveBytes),18}{Mib(sample.ManagedCommittedBytes),23}{sample.LiveTensors,14}");
        }

        var change = (memory.ResidentRatio - 1) * 100;
        var verdict = memory.IsFlat ? "within" : "outside";
        output.WriteLine($"  RSS after {memory.Baseline.Iteration}: {Mib(memory.Baseline.ResidentBytes)} MiB; after {memory.Final.Iteration}: {Mib(memory.Final.ResidentBytes)} MiB; ratio {memory.ResidentRatio:F4} ({change:+0.00;-0.00}%, {verdict} the ±{MemoryResult.FlatTolerance * 100:0}% target)");
        output.WriteLine($"  Peak RSS (VmHWM): {Mib(memory.PeakResidentBytes)} MiB; live tensors {memory.Baseline.LiveTensors} → {memory.Final.LiveTensors} ({memory.LiveTensorGrowth:+0;-0;0})");
    }

    private static void WriteSpread(TextWriter output, string label, Func<Spread, double> pick, ThroughputResult throughput) =>
        output.WriteLine($"  {label,-8}{"",10}{pick(throughput.IterationsPerSecond),16:F2}{pick(throughput.ProblemStepsPerSecond),20:N0}{pick(throughput.CoordinateStepsPerSecond),22:N0}");

    private static string Mib(long bytes) => (bytes / Mebibyte).ToString("F1", CultureInfo.InvariantCulture);
}
