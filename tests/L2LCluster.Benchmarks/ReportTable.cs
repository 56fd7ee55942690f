using System.Globalization;

namespace L2LCluster.Benchmarks;

/// <summary>The report as aligned text for a terminal or a pasted comment.</summary>
internal static class ReportTable
{
    public const double Mebibyte = 1024.0 * 1024.0;

    public static void Write(BenchmarkReport report, TextWriter output)
    {
        var settings = report.Settings;
        output.WriteLine();
        output.WriteLine($"Machine   {report.Machine.Summary}");
        output.WriteLine($"Workload  quadratic, {settings.Batch} problems, unroll {BenchmarkSettings.Unroll}, horizon {BenchmarkSettings.Horizon}");
        if (report.Throughput is { } throughput)
        {
            WriteThroughput(settings, throughput, output);
        }

        if (report.Memory is { } memory)
        {
            WriteMemory(settings, memory, output);
        }

        if (report.Cluster is { } cluster)
        {
            WriteCluster(settings, cluster, output);
        }

        if (report.Coordinator is { } coordinator)
        {
            WriteCoordinator(settings, coordinator, output);
        }
    }

    private static void WriteThroughput(BenchmarkSettings settings, ThroughputResult throughput, TextWriter output)
    {
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
    }

    private static void WriteMemory(BenchmarkSettings settings, MemoryResult memory, TextWriter output)
    {
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

    private static void WriteCluster(BenchmarkSettings settings, ClusterThroughputResult cluster, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"Cluster: {settings.Repeats} fresh runs × {settings.Iterations} meta-iterations after {settings.WarmupIterations} warm-up, single process vs embedded one-device silo");
        output.WriteLine($"  {"repeat",-8}{"single problem-steps/s",24}{"embedded problem-steps/s",26}{"ratio",8}");
        for (var index = 0; index < cluster.Repeats.Count; index++)
        {
            var repeat = cluster.Repeats[index];
            output.WriteLine($"  {index + 1,-8}{repeat.SingleProcess.ProblemStepsPerSecond,24:N0}{repeat.Embedded.ProblemStepsPerSecond,26:N0}{repeat.Ratio,8:F3}");
        }

        output.WriteLine($"  {"median",-8}{cluster.SingleProcessProblemStepsPerSecond.Median,24:N0}{cluster.EmbeddedProblemStepsPerSecond.Median,26:N0}{cluster.Ratio,8:F3}");
        var paired = cluster.PairedRatio;
        var verdict = cluster.MeetsTarget ? "meets" : "misses";
        output.WriteLine($"  Median of the repeats' ratios: {paired.Median:F3} (range {paired.Min:F3} to {paired.Max:F3}; {verdict} the ≥ {ClusterThroughputResult.TargetRatio:F2} target)");
    }

    private static void WriteCoordinator(BenchmarkSettings settings, CoordinatorResult coordinator, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"Coordinator: φ of {coordinator.PhiLength:N0} floats, simulated answers, {settings.Repeats} repeats × {settings.Iterations} iterations after {settings.WarmupIterations} warm-up (GCs: all timed iterations)");
        output.WriteLine($"  {"workers",-8}{"ms/iteration",14}{"min",9}{"max",9}{"target",8}{"request MiB",13}{"answer MiB",12}{"codec ms if remote",20}{"GCs gen0/1/2",15}");
        foreach (var cost in coordinator.Costs)
        {
            var spread = cost.MillisecondsPerIteration;
            var verdict = cost.MeetsTarget ? "" : " (missed)";
            output.WriteLine($"  {cost.Workers,-8}{spread.Median,14:F3}{spread.Min,9:F3}{spread.Max,9:F3}{$"< {cost.TargetMilliseconds:0}",8}{Mib(cost.RequestBytes),13}{Mib(cost.AnswerBytes),12}{cost.CodecMilliseconds,20:F2}{$"{cost.Collections.Gen0}/{cost.Collections.Gen1}/{cost.Collections.Gen2}",15}{verdict}");
        }

        output.WriteLine($"  {"message",-26}{"bytes",10}{"serialize µs",15}{"deserialize µs",17}");
        foreach (var message in (MessageCost[])[coordinator.Request, coordinator.Answer, coordinator.FloatArrayRequest])
        {
            output.WriteLine($"  {message.Message,-26}{message.Bytes,10:N0}{message.SerializeMicroseconds.Median,15:F1}{message.DeserializeMicroseconds.Median,17:F1}");
        }
    }

    private static void WriteSpread(TextWriter output, string label, Func<Spread, double> pick, ThroughputResult throughput) =>
        output.WriteLine($"  {label,-8}{"",10}{pick(throughput.IterationsPerSecond),16:F2}{pick(throughput.ProblemStepsPerSecond),20:N0}{pick(throughput.CoordinateStepsPerSecond),22:N0}");

    private static string Mib(long bytes) => (bytes / Mebibyte).ToString("F1", CultureInfo.InvariantCulture);
}
