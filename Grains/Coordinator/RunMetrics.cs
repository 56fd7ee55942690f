using System.Diagnostics.Metrics;
using L2LCluster.Runs;
using L2LCluster.Telemetry;

namespace L2LCluster.Grains.Coordinator;

/// <summary>
/// The runs' instruments on the project's meter. Rates come twice on purpose: as counters (what a backend turns into
/// a rate over any window) and as the gauges that <c>l2l status</c> shows (since the coordinator's last start).
/// </summary>
internal static class RunMetrics
{
    // Seconds from a millisecond checkpoint to a ten-minute unroll; the SDK's default buckets are for milliseconds.
    private static readonly InstrumentAdvice<double> Seconds = new()
    {
        HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
    };

    /// <summary>The attribute that tells one run's measurements apart.</summary>
    public static KeyValuePair<string, object?> Tag(RunId run) => new(TelemetryTags.RunId, run.Value);

    public static Gauge<double> MetaLoss { get; } = L2LTelemetry.Meter.CreateGauge<double>(
        "l2l.run.meta_loss", null, "The last meta-iteration's meta-loss (mean over its problems).");

    public static Gauge<double> GradientNorm { get; } = L2LTelemetry.Meter.CreateGauge<double>(
        "l2l.run.gradient_norm", null, "L2 norm of the last averaged meta-gradient, before clipping.");

    public static Gauge<double> IterationRate { get; } = L2LTelemetry.Meter.CreateGauge<double>(
        "l2l.run.iteration_rate", "{iteration}/s", "Meta-iterations per second since the coordinator (re)started the run.");

    public static Gauge<double> ProblemStepRate { get; } = L2LTelemetry.Meter.CreateGauge<double>(
        "l2l.run.problem_step_rate", "{step}/s", "Optimizee problem-steps per second since the coordinator (re)started the run.");

    public static Counter<long> Iterations { get; } = L2LTelemetry.Meter.CreateCounter<long>(
        "l2l.run.iterations", "{iteration}", "Meta-iterations applied.");

    public static Counter<long> ProblemSteps { get; } = L2LTelemetry.Meter.CreateCounter<long>(
        "l2l.run.problem_steps", "{step}", "Optimizee steps unrolled, summed over problems.");

    public static Gauge<int> LiveWorkers { get; } = L2LTelemetry.Meter.CreateGauge<int>(
        "l2l.run.workers.live", "{worker}", "Workers whose gradient the last meta-iteration applied.");

    public static Counter<long> DroppedWorkers { get; } = L2LTelemetry.Meter.CreateCounter<long>(
        "l2l.run.workers.dropped", "{worker}", "Workers left out of a meta-iteration (deadline missed, silo gone, gradient rejected).");

    public static Histogram<double> IterationDuration { get; } = L2LTelemetry.Meter.CreateHistogram(
        "l2l.run.iteration.duration", "s", "Wall time of a meta-iteration at the coordinator.", null, Seconds);

    public static Histogram<double> CheckpointDuration { get; } = L2LTelemetry.Meter.CreateHistogram(
        "l2l.run.checkpoint.duration", "s", "Time to write a checkpoint (and the metrics rows waiting for it).", null, Seconds);

    public static Histogram<double> UnrollDuration { get; } = L2LTelemetry.Meter.CreateHistogram(
        "l2l.worker.unroll.duration", "s", "Time a worker's device spent on one truncated unroll.", null, Seconds);
}
