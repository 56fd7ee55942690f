using System.Diagnostics;
using L2LCluster.Grains.Coordination;
using L2LCluster.Runs;
using L2LCluster.Telemetry;

namespace L2LCluster.Grains.Coordinator;

/// <summary>
/// The spans of one run at its coordinator. A run's loop lasts hours, so no span stays open for it: <c>l2l.run</c>
/// covers accepting the run (a child of the console's <c>l2l.train</c>); its context is kept in the run and its
/// checkpoints, and every later span is started under it (or under the latest <c>l2l.run.resume</c>), never under
/// whichever call happens to be running, so the run stays one trace of short spans across resumes and silos.
/// </summary>
internal sealed class RunTracing
{
    private ActivityContext _parent;

    /// <summary>The span that accepts a new run; its id becomes the run's trace parent.</summary>
    public Activity? StartRun(RunSpec spec) => Rooted(L2LTelemetry.Source.StartActivity(L2LTelemetry.RunSpan)?
        .SetTag(TelemetryTags.RunId, spec.RunId.Value)
        .SetTag(TelemetryTags.Problem, spec.Training.Problem)
        .SetTag(TelemetryTags.Problems, spec.Training.Problems)
        .SetTag(TelemetryTags.Iterations, spec.Training.Iterations));

    /// <summary>Continues the run's trace from its checkpoint; the call that caused the resume, if traced, is linked.</summary>
    public Activity? StartResume(RunCore core)
    {
        _parent = ActivityContext.TryParse(core.TraceParent, null, out var run) ? run : default;
        var caller = Activity.Current is { Recorded: true } current ? [new ActivityLink(current.Context)] : (IEnumerable<ActivityLink>?)null;
        return Rooted(Start(L2LTelemetry.ResumeSpan, core, caller)?
            .SetTag(TelemetryTags.Iteration, core.Iteration)
            .SetTag(TelemetryTags.PhiVersion, core.PhiVersion));
    }

    /// <summary>A span of the run, under the run's own context.</summary>
    public Activity? Start(string name, RunCore core, IEnumerable<ActivityLink>? links = null) =>
        L2LTelemetry.Source.StartActivity(name, ActivityKind.Internal, _parent, [new(TelemetryTags.RunId, core.RunId.Value)], links);

    private Activity? Rooted(Activity? span)
    {
        if (span is not null)
        {
            _parent = span.Context;
        }

        return span;
    }
}
