using System.Diagnostics;
using L2LCluster.Grains.Coordination;
using L2LCluster.Grains.Storage;
using L2LCluster.Runs;
using L2LCluster.Runs.Storage;
using L2LCluster.Telemetry;

namespace L2LCluster.Grains.Coordinator;

/// <summary>
/// What a run leaves in its store: its checkpoints, its metrics rows (kept until the next checkpoint, off the
/// iteration's critical path, and written with it, before it) and, when it ends, its optimizer file. Writes go out
/// one at a time, so rows stay in order even when asynchronous workers reach a checkpoint together.
/// </summary>
internal sealed class RunJournal(IRunStore store, RunCore core)
{
    /// <summary>Rows kept for the next checkpoint at most; a run that checkpoints rarely writes them sooner.</summary>
    private const int MaxPendingMetrics = 1000;

    private readonly List<string> _pendingMetrics = [];
    private readonly SemaphoreSlim _writes = new(1, 1);

    /// <summary>Keeps the iteration's metrics row; true when a checkpoint is due after it.</summary>
    public bool Record(MetaIterationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        _pendingMetrics.Add(MetricsCsv.Row(report));
        return report.Iteration % core.Spec.CheckpointEvery == 0 || _pendingMetrics.Count >= MaxPendingMetrics;
    }

    /// <summary>The rows kept so far, then the run as it stands.</summary>
    public async Task CheckpointAsync()
    {
        await _writes.WaitAsync();
        try
        {
            var clock = Stopwatch.StartNew();
            using var span = L2LTelemetry.Source.StartActivity(L2LTelemetry.CheckpointSpan)?
                .SetTag(TelemetryTags.RunId, core.RunId.Value)
                .SetTag(TelemetryTags.Iteration, core.Iteration)
                .SetTag(TelemetryTags.PhiVersion, core.PhiVersion);
            await AppendPendingMetricsAsync();
            var checkpoint = core.Snapshot();
            await store.WriteCheckpointAsync(checkpoint, CancellationToken.None);
            core.RecordCheckpoint(checkpoint.Iteration);
            RunMetrics.CheckpointDuration.Record(clock.Elapsed.TotalSeconds, RunMetrics.Tag(core.RunId));
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>
    /// Ends the run: the metrics rows and the optimizer file first, so whoever sees the run finished finds them all;
    /// a crash before the last checkpoint leaves it running, and the resumed run finishes again.
    /// </summary>
    public async Task FinishAsync(RunState state)
    {
        await _writes.WaitAsync();
        try
        {
            await AppendPendingMetricsAsync();
            await store.WriteOptimizerAsync(core.RunId, core.Snapshot().OptimizerFile(), CancellationToken.None);
        }
        finally
        {
            _writes.Release();
        }

        core.Finish(state);
        await CheckpointAsync();
    }

    /// <summary>The run failed: it says so in its checkpoint, with the rows it had.</summary>
    public async Task FailAsync(string error)
    {
        core.Finish(RunState.Failed, error);
        await CheckpointAsync();
    }

    private async Task AppendPendingMetricsAsync()
    {
        if (_pendingMetrics.Count > 0)
        {
            string[] rows = [.. _pendingMetrics];
            _pendingMetrics.Clear();
            await store.AppendMetricsAsync(core.RunId, rows, CancellationToken.None);
        }
    }
}
