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
        output.WriteLine($"Workloads {string.Join(", ", settings.Workloads.Select(workload => workload.Name))}; unroll {BenchmarkSettings.Unroll}, horizon {BenchmarkSettings.Horizon}");
        if (report.Ceiling is { } ceiling)
        {
            output.WriteLine();
            output.WriteLine($"Ceiling: {ceiling.Size}×{ceiling.Size} float32 matrix products, {ceiling.ProductsPerRepeat} per repeat, {settings.Repeats} repeats");
            output.WriteLine($"  median {Giga(ceiling.FlopsPerSecond.Median)} GFLOP/s (range {Giga(ceiling.FlopsPerSecond.Min)} to {Giga(ceiling.FlopsPerSecond.Max)})");
        }

        foreach (var memory in report.Memory ?? [])
        {
            WriteMemory(settings, memory, output);
        }

        if (report.Throughput is { } throughput)
        {
            WriteThroughput(settings, throughput, report.Ceiling, output);
        }

        if (report.Estimators is { } estimators)
        {
            WriteEstimators(settings, estimators, output);
        }

        if (report.Asynchronous is { } asynchronous)
        {
            WriteAsynchronous(settings, asynchronous, output);
        }

        if (report.Coordinator is { } coordinator)
        {
            WriteCoordinator(settings, coordinator, output);
        }

        if (report.Optimizers is { } optimizers)
        {
            WriteOptimizers(settings, optimizers, output);
        }

        if (report.Usefulness is { } usefulness)
        {
            WriteUsefulness(usefulness, output);
        }
    }

    private static void WriteOptimizers(BenchmarkSettings settings, IReadOnlyList<OptimizerStepCost> optimizers, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"Optimizers: one step() of a fresh LearnedOptimizer (LSTM, MLP) and of TorchSharp's Adam on the same parameters and gradients, {settings.Repeats} alternating repeats, medians");
        output.WriteLine($"  {"optimizer",-10}{"coordinates",12}{"ms/step",10}{"min",9}{"max",9}{"ns/coordinate",15}{"× Adam",9}");
        foreach (var cost in optimizers)
        {
            var adam = optimizers.Single(other => other.Optimizer == "Adam" && other.Coordinates == cost.Coordinates);
            var spread = cost.MillisecondsPerStep;
            output.WriteLine($"  {cost.Optimizer,-10}{cost.Coordinates,12:N0}{spread.Median,10:F3}{spread.Min,9:F3}{spread.Max,9:F3}{cost.NanosecondsPerCoordinateStep,15:F1}{spread.Median / adam.MillisecondsPerStep.Median,9:F1}");
        }
    }

    private static void WriteUsefulness(UsefulnessResult usefulness, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"Usefulness: {usefulness.Workload} meta-trained from a fresh φ until it beats tuned Adam (learning rate {usefulness.AdamLearningRate}, held-out sum of losses {usefulness.AdamSum:G4}) on {UsefulnessBenchmark.Problems} held-out problems, evaluated every {usefulness.EvaluateEvery} iterations; meta-training time only");
        output.WriteLine($"  {"seed",-8}{"iterations",12}{"seconds",10}{"evaluations s",15}{"best sum",12}");
        for (var index = 0; index < usefulness.Repeats.Count; index++)
        {
            var repeat = usefulness.Repeats[index];
            output.WriteLine($"  {index + 1,-8}{repeat.Iterations?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "never",12}{repeat.TrainingSeconds,10:F1}{repeat.EvaluationSeconds,15:F1}{repeat.BestSum,12:G4}");
        }

        output.WriteLine(usefulness.TrainingSeconds is { } seconds
            ? $"  median of the {usefulness.Reached} that got there: {usefulness.Iterations!.Median:F0} iterations, {seconds.Median:F1} s (range {seconds.Min:F1} to {seconds.Max:F1})"
            : $"  none beat Adam within {usefulness.MaxIterations} iterations");
    }

    private static void WriteAsynchronous(BenchmarkSettings settings, AsynchronousResult asynchronous, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"Asynchronous: {asynchronous.Workload} on {asynchronous.Workers} CPU workers, one {asynchronous.Slowdown:0}× slower; {settings.Repeats} fresh runs per mode, alternately; staleness bound {asynchronous.MaxStaleness}");
        output.WriteLine($"  {"repeat",-8}{"synchronous problem-steps/s",29}{"asynchronous problem-steps/s",30}{"ratio",8}");
        for (var index = 0; index < asynchronous.Repeats.Count; index++)
        {
            var repeat = asynchronous.Repeats[index];
            output.WriteLine($"  {index + 1,-8}{repeat.Baseline.ProblemStepsPerSecond,29:N0}{repeat.Candidate.ProblemStepsPerSecond,30:N0}{repeat.Ratio,8:F2}");
        }

        var paired = asynchronous.PairedRatio;
        output.WriteLine($"  {"median",-8}{asynchronous.SynchronousProblemStepsPerSecond.Median,29:N0}{asynchronous.AsynchronousProblemStepsPerSecond.Median,30:N0}{paired.Median,8:F2}  (range {paired.Min:F2} to {paired.Max:F2})");
    }

    private static void WriteEstimators(BenchmarkSettings settings, IReadOnlyList<EstimatorThroughput> estimators, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"Estimators: {settings.Repeats} fresh single-process runs per workload, truncated BPTT vs ES with one perturbation of the same problems (both signs counted), medians (the ratio is the median of the repeats' own ratios)");
        output.WriteLine($"  {"workload",-18}{"iterations",11}{"tbptt problem-steps/s",23}{"es problem-steps/s",20}{"ratio",8}{"range",15}");
        foreach (var workload in estimators)
        {
            var paired = workload.PairedRatio;
            var verdict = workload.MeetsTarget ? "" : $" (below {EstimatorThroughput.TargetRatio:F1})";
            output.WriteLine($"  {workload.Workload,-18}{workload.IterationsPerRepeat,11}{workload.BackpropagationProblemStepsPerSecond.Median,23:N0}{workload.EvolutionProblemStepsPerSecond.Median,20:N0}{paired.Median,8:F2}{$"{paired.Min:F2}–{paired.Max:F2}",15}{verdict}");
        }
    }

    private static void WriteThroughput(BenchmarkSettings settings, IReadOnlyList<WorkloadThroughput> throughput, CeilingResult? ceiling, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"Throughput: {settings.Repeats} fresh runs per workload, single process vs embedded one-device silo, medians (the ratio is the median of the repeats' own ratios)");
        output.WriteLine($"  {"workload",-18}{"coordinates",12}{"iterations",11}{"single problem-steps/s",24}{"coordinate-steps/s",20}{"embedded problem-steps/s",26}{"coordinate-steps/s",20}{"ratio",8}{"range",15}{"GFLOP/s",10}{"of ceiling",12}");
        foreach (var workload in throughput)
        {
            var paired = workload.PairedRatio;
            var verdict = workload.MeetsTarget ? "" : $" (below {WorkloadThroughput.TargetRatio:F2})";
            var share = ceiling is null ? "–" : $"{workload.FlopsPerSecond / ceiling.FlopsPerSecond.Median:P1}";
            output.WriteLine($"  {workload.Workload,-18}{workload.Coordinates,12:N0}{workload.IterationsPerRepeat,11}{workload.SingleProcessProblemStepsPerSecond.Median,24:N0}{workload.SingleProcessCoordinateStepsPerSecond.Median,20:N0}{workload.EmbeddedProblemStepsPerSecond.Median,26:N0}{workload.EmbeddedCoordinateStepsPerSecond.Median,20:N0}{paired.Median,8:F3}{$"{paired.Min:F2}–{paired.Max:F2}",15}{Giga(workload.FlopsPerSecond),10}{share,12}{verdict}");
        }

        output.WriteLine($"  GFLOP/s counts the LSTM's matrix products, forward and backward ({throughput[0].FlopsPerCoordinateStep:N0} FLOP per coordinate-step), at the single process's median rate.");
    }

    private static void WriteMemory(BenchmarkSettings settings, MemoryResult memory, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"Memory, {memory.Estimator}: {settings.MemoryIterations} meta-iterations, sampled every {BenchmarkSettings.MemoryBaselineIteration}");
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

    private static void WriteCoordinator(BenchmarkSettings settings, CoordinatorResult coordinator, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"Coordinator: φ of {coordinator.PhiLength:N0} floats, simulated answers, {settings.Repeats} repeats × {settings.Iterations} iterations after {settings.WarmupIterations} warm-up (GCs: all timed iterations)");
        output.WriteLine($"  {"estimator",-10}{"workers",-8}{"ms/iteration",14}{"min",9}{"max",9}{"target",8}{"request MiB",13}{"answer MiB",12}{"codec ms if remote",20}{"GCs gen0/1/2",15}");
        foreach (var cost in coordinator.Costs.Concat(coordinator.EvolutionCosts))
        {
            var spread = cost.MillisecondsPerIteration;
            var verdict = cost.MeetsTarget ? "" : " (missed)";
            output.WriteLine($"  {cost.Estimator,-10}{cost.Workers,-8}{spread.Median,14:F3}{spread.Min,9:F3}{spread.Max,9:F3}{$"< {cost.TargetMilliseconds:0}",8}{Mib(cost.RequestBytes),13}{Mib(cost.AnswerBytes),12}{cost.CodecMilliseconds,20:F2}{$"{cost.Collections.Gen0}/{cost.Collections.Gen1}/{cost.Collections.Gen2}",15}{verdict}");
        }

        output.WriteLine($"  {"message",-26}{"bytes",10}{"serialize µs",15}{"deserialize µs",17}");
        foreach (var message in (MessageCost[])[coordinator.Request, coordinator.Answer, coordinator.FloatArrayRequest, coordinator.ParticleAnswer, coordinator.ParticleAnswers])
        {
            output.WriteLine($"  {message.Message,-26}{message.Bytes,10:N0}{message.SerializeMicroseconds.Median,15:F1}{message.DeserializeMicroseconds.Median,17:F1}");
        }

        var answerVerdict = coordinator.MeetsAnswerTarget ? "" : " (missed)";
        output.WriteLine($"  answer bytes: tbptt {coordinator.Answer.Bytes:N0} per worker (a gradient of φ); es/pes {coordinator.ParticleAnswer.Bytes} for one particle, {coordinator.BytesPerParticle:F1} per particle in an answer of {coordinator.ParticlesPerAnswer} (target ≤ {CoordinatorResult.TargetBytesPerParticle}), whatever φ's size{answerVerdict}");
    }

    private static string Giga(double flopsPerSecond) => (flopsPerSecond / 1e9).ToString("N1", CultureInfo.InvariantCulture);

    private static string Mib(long bytes) => (bytes / Mebibyte).ToString("F1", CultureInfo.InvariantCulture);
}
