using System.Diagnostics;
using L2LCluster.Contracts;
using L2LCluster.Grains.Coordination;
using L2LCluster.Learning.Training;
using L2LCluster.Runs;
using L2LCluster.Telemetry;
using Microsoft.Extensions.Logging;

namespace L2LCluster.Grains.Coordinator;

/// <summary>
/// What a schedule trains a run with, and the steps every schedule takes alike: an update of φ with its metrics, a
/// validation when one is due, the metrics row and a checkpoint when one is due, a worker left out.
/// </summary>
internal sealed partial class RunContext(RunCore core, WorkerPool workers, RunJournal journal, RunTracing tracing, ILogger logger)
{
    private readonly Stopwatch _sinceStart = Stopwatch.StartNew();
    private int _iterations;
    private long _problemSteps;

    public RunCore Core => core;

    public WorkerPool Workers => workers;

    public RunTracing Tracing => tracing;

    public double IterationsPerSecond => PerSecond(_iterations);

    public double ProblemStepsPerSecond => PerSecond(_problemSteps);

    /// <summary>Adam on the averaged gradient, with its span and metrics; the iteration's report.</summary>
    /// <param name="average">The accepted gradients' average.</param>
    /// <param name="episode">The episode the gradients' problems belong to.</param>
    /// <param name="stepReached">The problems' step in their episode after the truncation.</param>
    /// <param name="elapsed">The iteration's wall time.</param>
    public MetaIterationReport Apply(MetaGradient average, long episode, int stepReached, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(average);
        double norm;
        using (var apply = L2LTelemetry.Source.StartActivity(L2LTelemetry.OptimizerApplySpan)?.SetTag(TelemetryTags.PhiVersion, core.PhiVersion + 1))
        {
            norm = core.Apply(average);
            apply?.SetTag(TelemetryTags.GradientNorm, norm);
        }

        _iterations++;
        _problemSteps += average.ProblemSteps;
        RecordMetrics(average, norm, elapsed);
        return new MetaIterationReport(
            core.Iteration, episode, stepReached, average.MetaLoss, average.FinalLoss, norm, true, average.ProblemSteps, average.CoordinateSteps, elapsed);
    }

    /// <summary>What follows an update: a validation when one is due, the iteration's metrics row and a checkpoint when one is due.</summary>
    public async Task CompleteAsync(MetaIterationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (core.Training.Validation is { } validation && validation.IsDue(report.Iteration, core.Training.Iterations))
        {
            report = report with { ValidationLoss = await ValidateAsync(report.Iteration) };
        }

        if (journal.Record(report))
        {
            await journal.CheckpointAsync();
        }
    }

    /// <summary>The run ends (completed or stopped): its files say so, and its workers free what they held for it.</summary>
    public async Task FinishAsync(RunState state)
    {
        await journal.FinishAsync(state);
        await workers.ReleaseAsync();
    }

    /// <summary>The run failed: its checkpoint says so and its workers are freed, as far as the store and the workers let them.</summary>
    public async Task FailAsync(string error)
    {
        try
        {
            await journal.FailAsync(error);
            await workers.ReleaseAsync();
        }
        catch (Exception followUp) when (followUp is not OutOfMemoryException)
        {
            LogFailureNotRecorded(core.RunId.Value, followUp.Message);
        }
    }

    /// <summary>Leaves a worker out of the run's episode, with why, in the status, the trace and the metrics.</summary>
    public void Drop(WorkerAssignment assignment, string reason, Activity? span)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        workers.Remove(assignment);
        core.RecordDrop(new DroppedWorker(assignment.WorkerKey, core.Iteration + 1, reason));
        span?.AddEvent(new ActivityEvent(L2LTelemetry.WorkerDroppedEvent, tags: new ActivityTagsCollection
        {
            [TelemetryTags.Worker] = assignment.WorkerKey,
            [TelemetryTags.Reason] = reason,
        }));
        RunMetrics.DroppedWorkers.Add(1, RunMetrics.Tag(core.RunId));
        LogDropped(core.RunId.Value, assignment.WorkerKey, core.Iteration + 1, reason);
    }

    /// <summary>Hands the worker its share of <paramref name="episode"/>; a worker that cannot take it is dropped (false).</summary>
    public async Task<bool> AssignAsync(WorkerAssignment assignment, long episode, Activity? span)
    {
        var (_, failure) = await workers.AssignEpisodeAsync(assignment, core.Training, episode);
        if (failure is not null)
        {
            Drop(assignment, failure, span);
        }

        return failure is null;
    }

    /// <summary>Has a worker score φ as it is now and keeps it if it is the best so far; its loss, or null if nobody could.</summary>
    private async Task<double?> ValidateAsync(int iteration)
    {
        // An asynchronous run may apply updates while a worker validates: score and keep this iteration's φ.
        var phi = FloatPayload.ToBytes(core.Phi);
        using var span = tracing.Start(L2LTelemetry.ValidationSpan, core)?.SetTag(TelemetryTags.Iteration, iteration);
        if (await workers.ValidateAsync(new ValidationRequest(core.RunId, core.Training, iteration, phi)) is not { } validated)
        {
            span?.SetStatus(ActivityStatusCode.Error, "no worker could validate");
            return null;
        }

        core.RecordValidation(iteration, validated.Loss, FloatPayload.AsFloats(phi));
        span?.SetTag(TelemetryTags.Worker, validated.Worker).SetTag(TelemetryTags.Loss, validated.Loss);
        return validated.Loss;
    }

    private void RecordMetrics(MetaGradient average, double norm, TimeSpan elapsed)
    {
        var tag = RunMetrics.Tag(core.RunId);
        RunMetrics.MetaLoss.Record(average.MetaLoss, tag);
        RunMetrics.GradientNorm.Record(norm, tag);
        RunMetrics.Iterations.Add(1, tag);
        RunMetrics.ProblemSteps.Add(average.ProblemSteps, tag);
        RunMetrics.IterationRate.Record(IterationsPerSecond, tag);
        RunMetrics.ProblemStepRate.Record(ProblemStepsPerSecond, tag);
        RunMetrics.IterationDuration.Record(elapsed.TotalSeconds, tag);
    }

    private double PerSecond(double count) => count / Math.Max(_sinceStart.Elapsed.TotalSeconds, 1e-9);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} failed, and its store or workers could not be told: {Reason}")]
    private partial void LogFailureNotRecorded(string runId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: worker {Worker} dropped at iteration {Iteration}: {Reason}")]
    private partial void LogDropped(string runId, string worker, int iteration, string reason);
}
