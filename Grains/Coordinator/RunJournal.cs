using System.Diagnostics;
using L2LCluster.Grains.Coordination;
using L2LCluster.Grains.Storage;
using L2LCluster.Runs;
using L2LCluster.Runs.Storage;
using L2LCluster.Telemetry;

namespace L2LCluster.Grains.Coordinator;

/// <summary>
/// What a run leaves in its store, under the epoch its coordinator took it up with: checkpoints with the metrics rows
/// of their iterations (kept until then, off the iteration's critical path) and, when it ends, its optimizer file.
/// Writes go out one at a time. A write the store refuses for a newer epoch ends the coordinator's hold on the run
/// (<see cref="RunFencedException"/>); one the store cannot take (it is down, full or read-only) is tried again at later
/// iterations, backing off, while the run trains on; after <see cref="RunOptions.StoreOutageLimit"/> of failures the run
/// is interrupted (<see cref="RunStoreOutageException"/>) with the last error as its reason.
/// </summary>
internal sealed class RunJournal(IRunStore store, RunCore core, long epoch, TimeSpan outageLimit)
{
    /// <summary>Rows kept for the next checkpoint at most; a run that checkpoints rarely writes them sooner.</summary>
    private const int MaxPendingMetrics = 1000;

    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(30);

    private readonly List<MetricsRow> _pendingMetrics = [];
    private readonly SemaphoreSlim _writes = new(1, 1);
    private Stopwatch? _failingFor;
    private TimeSpan _delay = FirstRetry;
    private TimeSpan _retryAt;

    /// <summary>Why the store cannot be written, while it cannot; null once a write went through.</summary>
    public string? Outage { get; private set; }

    /// <summary>Whether the store lacks the run as it stands in memory (a write failed and none went through since).</summary>
    public bool IsBehind => _failingFor is not null;

    /// <summary>Whether a failed write is due to be tried again.</summary>
    public bool IsRetryDue => _failingFor is { } failing && failing.Elapsed >= _retryAt;

    /// <summary>The run's first write under this epoch: it must go through, or the run is not taken up at all.</summary>
    public Task BeginAsync() => TimedAsync(async () =>
    {
        await _writes.WaitAsync();
        try
        {
            await store.WriteAsync(epoch, core.Snapshot(), [], CancellationToken.None);
            core.RecordCheckpoint(core.Iteration);
        }
        finally
        {
            _writes.Release();
        }
    });

    /// <summary>Keeps the iteration's metrics row; true when a checkpoint is due after it (or a failed one may be tried again).</summary>
    public bool Record(MetaIterationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        _pendingMetrics.Add(MetricsCsv.Row(report));
        return report.Iteration % core.Spec.CheckpointEvery == 0
            || (_failingFor is null && _pendingMetrics.Count >= MaxPendingMetrics)
            || IsRetryDue;
    }

    /// <summary>The rows kept so far, then the run as it stands; see the class for what a failure does.</summary>
    public Task CheckpointAsync() => TimedAsync(() => WriteAsync(async () =>
    {
        var checkpoint = core.Snapshot();
        await store.WriteAsync(epoch, checkpoint, [.. _pendingMetrics], CancellationToken.None);
        _pendingMetrics.Clear();
        core.RecordCheckpoint(checkpoint.Iteration);
    }));

    /// <summary>
    /// Ends the run: the metrics rows and the optimizer file first, so whoever sees the run finished finds them all;
    /// a crash before the last checkpoint leaves it running, and the resumed run finishes again.
    /// </summary>
    public async Task FinishAsync(RunState state)
    {
        await WriteAsync(() => store.WriteOptimizerAsync(epoch, core.RunId, core.OptimizerFile(), CancellationToken.None));
        core.Finish(state);
        await CheckpointAsync();
    }

    /// <summary>The run failed: its checkpoint says so, with the rows it had.</summary>
    public async Task FailAsync(string error)
    {
        core.Finish(RunState.Failed, error);
        await CheckpointAsync();
    }

    /// <summary>A checkpoint's span and its duration's measurement.</summary>
    private async Task TimedAsync(Func<Task> checkpoint)
    {
        using var span = L2LTelemetry.Source.StartActivity(L2LTelemetry.CheckpointSpan)?
            .SetTag(TelemetryTags.RunId, core.RunId.Value)
            .SetTag(TelemetryTags.Iteration, core.Iteration)
            .SetTag(TelemetryTags.PhiVersion, core.PhiVersion);
        var clock = Stopwatch.StartNew();
        await checkpoint();
        RunMetrics.CheckpointDuration.Record(clock.Elapsed.TotalSeconds, RunMetrics.Tag(core.RunId));
    }

    private async Task WriteAsync(Func<Task> write)
    {
        await _writes.WaitAsync();
        try
        {
            await write();
            _failingFor = null;
            Outage = null;
        }
        catch (Exception error) when (IsStoreFault(error))
        {
            _delay = _failingFor is null ? FirstRetry : TimeSpan.FromTicks(Math.Min(LongestRetry.Ticks, _delay.Ticks * 2));
            _failingFor ??= Stopwatch.StartNew();
            _retryAt = _failingFor.Elapsed + _delay;
            Outage = $"the run store cannot be written: {error.Message.Split('\n', 2)[0].Trim()}";
            if (_failingFor.Elapsed >= outageLimit)
            {
                throw new RunStoreOutageException(Outage, error);
            }
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>What a store that is down, full or read-only throws, as opposed to a refusal or a bug.</summary>
    private static bool IsStoreFault(Exception error) =>
        error is IOException or UnauthorizedAccessException or TimeoutException or StackExchange.Redis.RedisException;
}
