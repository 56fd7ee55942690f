using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace L2LCluster.Telemetry;

/// <summary>
/// The project's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named <see cref="Name"/>, and the
/// names of its spans. Every span name starts with <see cref="SpanPrefix"/>: the root sampler keeps only those roots.
/// </summary>
public static class L2LTelemetry
{
    public const string Name = "L2LCluster";

    public const string SpanPrefix = "l2l.";

    /// <summary>The console submitting a run (the root of a run's trace).</summary>
    public const string TrainSpan = "l2l.train";

    /// <summary>The coordinator accepting a run: its context is the parent of every later span of the run.</summary>
    public const string RunSpan = "l2l.run";

    /// <summary>A coordinator taking a run up again from its checkpoint (a new activation, or <c>l2l resume</c>).</summary>
    public const string ResumeSpan = "l2l.run.resume";

    /// <summary>The coordinator ending a run: final checkpoint, optimizer file, releasing the workers.</summary>
    public const string FinishSpan = "l2l.run.finish";

    public const string IterationSpan = "l2l.iteration";

    public const string UnrollSpan = "l2l.unroll";

    public const string OptimizerApplySpan = "l2l.optimizer.apply";

    public const string CheckpointSpan = "l2l.checkpoint";

    /// <summary>A worker scoring φ on the run's validation problems (best-checkpoint selection).</summary>
    public const string ValidationSpan = "l2l.validate";

    /// <summary>An event on an iteration's span: a worker left out of it, with its reason.</summary>
    public const string WorkerDroppedEvent = "l2l.worker.dropped";

    /// <summary>Orleans' grain-call and lifecycle sources (application, runtime, lifecycle, storage).</summary>
    public const string OrleansSources = "Microsoft.Orleans.*";

    public const string OrleansMeter = "Microsoft.Orleans";

    public static ActivitySource Source { get; } = new(Name);

    public static Meter Meter { get; } = new(Name);
}
