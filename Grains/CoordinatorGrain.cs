using System.Diagnostics;
using System.Text.RegularExpressions;
using L2LCluster.Contracts;
using L2LCluster.Grains.Storage;
using L2LCluster.Learning;
using L2LCluster.Learning.Files;
using L2LCluster.Learning.Optimizers;
using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Training;
using L2LCluster.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace L2LCluster.Grains;

/// <summary>
/// One per run. Holds φ and Adam (plain arrays: no libtorch here), and runs synchronous meta-iterations: at each
/// episode boundary it splits the problems over the live workers; each iteration it sends φ to them, drops those
/// that miss the deadline or whose silo died, rejects gradients that are non-finite, stale or the wrong length,
/// averages the rest by problem count, applies Adam and checkpoints every k iterations; a run that validates has a
/// worker score φ on the validation problems when due and keeps the best φ for its optimizer. A new activation resumes
/// a running run from its checkpoint with the first call it serves, so a run survives the death of its coordinator's
/// silo. A run may instead be asynchronous (<see cref="AsynchronousMode"/>): then every worker loops on its own and an
/// update is applied whenever enough gradients are in.
/// Tracing: a run's loop lasts hours, so no span stays open for it. <c>l2l.run</c> covers accepting the run (a child of
/// the console's <c>l2l.train</c>, through the StartAsync call); its context is kept in the run and its checkpoints, and
/// every iteration's span is started under it (or under the latest <c>l2l.run.resume</c>), so the run stays one trace
/// of short spans, across resumes and silos.
/// </summary>
[KeepAlive]
public sealed partial class CoordinatorGrain(
    IRunStore store, IGrainFactory grains, ILocalSiloDetails silo, IHostApplicationLifetime siloLifetime, ILogger<CoordinatorGrain> logger)
    : Grain, ICoordinatorGrain, IIncomingGrainCallFilter
{
    private static readonly TimeSpan NoWorkersRetry = TimeSpan.FromSeconds(1);
    private const int MaxPendingMetrics = 1000;

    /// <summary>Taken now: the silo's lifetime is disposed with it, and the loop may outlive both.</summary>
    private readonly CancellationToken _siloStopping = siloLifetime.ApplicationStopping;

    private RunProgress? _run;
    private string? _unreadableCheckpoint;
    private Task? _loop;
    private bool _stopRequested;
    private bool _deactivating;
    private bool _resumeWhenActive;
    private List<WorkerAssignment> _assignments = [];
    private readonly List<string> _pendingMetrics = [];
    private readonly Stopwatch _sinceStart = new();

    /// <summary>Asynchronous workers may reach a checkpoint while another is being written.</summary>
    private readonly SemaphoreSlim _checkpointWrites = new(1, 1);
    private int _iterationsSinceStart;
    private long _problemStepsSinceStart;
    private ActivityContext _iterationParent;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        RunCheckpoint? checkpoint;
        try
        {
            checkpoint = await store.ReadCheckpointAsync(this.GetPrimaryKeyString(), cancellationToken);
        }
        catch (InvalidSettingException error)
        {
            // Never overwrite it: the run's history stays for a person to inspect or repair.
            _unreadableCheckpoint = error.Message;
            LogUnreadableCheckpoint(error.Message);
            return;
        }

        if (checkpoint is null)
        {
            return;
        }

        _run = RunProgress.FromCheckpoint(checkpoint, MetaTrainingSpecJson.Deserialize(checkpoint.Spec.TrainingSpecJson, "the checkpoint's spec"));
        if (checkpoint.State == RunState.Running)
        {
            _run.ResumedFromIteration = checkpoint.Iteration;
            _resumeWhenActive = true;
        }
    }

    /// <summary>
    /// Resumes a running run's loop with the first call this activation serves, not in <see cref="OnActivateAsync"/>:
    /// an activation that never becomes active (its silo stops, or the directory keeps another one) is dropped without
    /// <see cref="OnDeactivateAsync"/>, and a loop started there would train on beside the activation that won, or mark
    /// the run failed once the dropped activation's services are disposed.
    /// </summary>
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (_resumeWhenActive && _run is { } run)
        {
            _resumeWhenActive = false;
            LogResumed(run.Spec.RunId, run.Iteration, run.PhiVersion);
            using var resume = StartResumeSpan(run);
            StartLoop();
        }

        await context.Invoke();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The run goes on elsewhere: finish the current iteration, checkpoint it (losing nothing) without marking the
        // run stopped, and let the next activation resume from there.
        _deactivating = true;
        if (_loop is { } loop)
        {
            await loop.WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Current);
            if (_run is { State: RunState.Running } && !cancellationToken.IsCancellationRequested)
            {
                await WriteCheckpointAsync();
            }
        }
    }

    public Task<RunStatus> StartAsync(RunSpec spec) => Refusing(() => StartRunAsync(spec));

    public Task<RunStatus> ResumeAsync(int? iterations) => Refusing(() => ResumeRunAsync(iterations));

    /// <summary>Turns a refused setting into an exception that crosses the wire to the client.</summary>
    private static async Task<RunStatus> Refusing(Func<Task<RunStatus>> action)
    {
        try
        {
            return await action();
        }
        catch (InvalidSettingException error)
        {
            throw new InvalidRunException(error.Setting, error.Message);
        }
    }

    private async Task<RunStatus> StartRunAsync(RunSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (_unreadableCheckpoint is { } unreadable)
        {
            throw new InvalidSettingException("--run", $"run '{spec.RunId}' has a checkpoint that cannot be read ({unreadable}); choose another name.");
        }

        if (_run is not null)
        {
            return _run.Spec.IsSameRunAs(spec)
                ? Status()
                : throw new InvalidSettingException("--run", $"a run named '{_run.Spec.RunId}' already exists with another spec; choose another name.");
        }

        var trainingSpec = Validate(spec);
        var phi = spec.InitialPhi is { } initial ? FloatPayload.ToFloats(initial) : trainingSpec.InitialPhi();
        InvalidSettingException.ThrowUnless(
            phi.Length == trainingSpec.Networks.ParameterCount && FloatVectors.AllFinite(phi),
            StartingPoint.Flag,
            $"the φ sent to start from has {phi.Length} values; the run's networks need {trainingSpec.Networks.ParameterCount}, all finite.");
        using var span = L2LTelemetry.Source.StartActivity(L2LTelemetry.RunSpan)?
            .SetTag(TelemetryTags.RunId, spec.RunId)
            .SetTag(TelemetryTags.Problem, trainingSpec.Problem)
            .SetTag(TelemetryTags.Problems, trainingSpec.Problems)
            .SetTag(TelemetryTags.Iterations, trainingSpec.Iterations);
        _run = new RunProgress
        {
            Spec = spec,
            TrainingSpec = trainingSpec,
            Phi = phi,
            Adam = new MetaAdam(phi.Length, trainingSpec.LearningRate, trainingSpec.ClipNorm),
            TraceParent = span?.Id,
        };
        _iterationParent = span?.Context ?? default;
        await WriteCheckpointAsync();
        LogStarted(spec.RunId, trainingSpec.Problem, trainingSpec.Iterations);
        StartLoop();
        return Status();
    }

    public Task<RunStatus> GetStatusAsync() => Task.FromResult(Status());

    public async Task<RunStatus> StopAsync()
    {
        _stopRequested = true;
        if (_loop is { } loop)
        {
            await loop;
        }

        return Status();
    }

    private async Task<RunStatus> ResumeRunAsync(int? iterations)
    {
        var run = _run ?? throw new InvalidSettingException("RUN", $"there is no run named '{this.GetPrimaryKeyString()}'.");
        if (run.State == RunState.Running)
        {
            InvalidSettingException.ThrowUnless(
                iterations is null || iterations == run.TrainingSpec.Iterations,
                MetaTrainingSpec.IterationsFlag,
                $"run '{run.Spec.RunId}' is running; stop it before changing its iterations.");
            return Status();
        }

        if (iterations is { } total)
        {
            run.ChangeIterations(total);
        }
        else if (run.State == RunState.Completed)
        {
            throw new InvalidSettingException(
                "RUN", $"run '{run.Spec.RunId}' has completed its {run.Iteration} iterations; resume it with {MetaTrainingSpec.IterationsFlag} above {run.Iteration} to train it further.");
        }

        run.State = RunState.Running;
        run.Error = null;
        run.ResumedFromIteration = run.Iteration;
        run.Episode = run.NextEpisodeForResume;
        run.StepInHorizon = 0;
        _stopRequested = false;
        using var resume = StartResumeSpan(run);
        await WriteCheckpointAsync();
        StartLoop();
        return Status();
    }

    public Task<byte[]?> GetOptimizerFileAsync() => Task.FromResult(_run is null ? null : OptimizerFileBytes(_run));

    private static MetaTrainingSpec Validate(RunSpec spec)
    {
        if (!RunIdPattern().IsMatch(spec.RunId))
        {
            throw new InvalidSettingException("--run", $"'{spec.RunId}' is not a valid run name: use 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }

        if (spec.CheckpointEvery is < 1 or > 1_000_000)
        {
            throw new InvalidSettingException("--checkpoint-every", $"must be between 1 and 1000000; got {spec.CheckpointEvery}.");
        }

        // IWorkerGrain.UnrollAsync's response timeout is 30 minutes: a longer deadline would never be reached.
        if (spec.WorkerDeadline <= TimeSpan.Zero || spec.WorkerDeadline > TimeSpan.FromMinutes(30))
        {
            throw new InvalidSettingException("--worker-deadline", $"must be more than 0 and at most 1800 seconds; got {spec.WorkerDeadline.TotalSeconds} s.");
        }

        if (spec.Asynchronous is { } mode)
        {
            InvalidSettingException.ThrowUnless(
                mode.MaxStaleness is >= 0 and <= AsynchronousMode.MaxStalenessLimit,
                "--max-staleness",
                $"must be between 0 and {AsynchronousMode.MaxStalenessLimit}; got {mode.MaxStaleness}.");
            InvalidSettingException.ThrowUnless(
                mode.GradientsPerUpdate is >= 0 and <= AsynchronousMode.GradientsPerUpdateLimit,
                "--gradients-per-update",
                $"must be between 0 (one per worker) and {AsynchronousMode.GradientsPerUpdateLimit}; got {mode.GradientsPerUpdate}.");
        }

        var trainingSpec = MetaTrainingSpecJson.Deserialize(spec.TrainingSpecJson, "spec").Validate();
        ProblemCatalog.Default.Create(trainingSpec.Problem, trainingSpec.ProblemOptions);
        return trainingSpec;
    }

    private void StartLoop()
    {
        _sinceStart.Restart();
        _iterationsSinceStart = 0;
        _problemStepsSinceStart = 0;
        _assignments = [];
        _loop = RunLoopAsync();
    }

    /// <summary>
    /// A span of the run under the run's own context (never under the call that happens to be running): the run's
    /// span, or the resume span that took it up again.
    /// </summary>
    private Activity? StartRunSpan(string name, RunProgress run, IEnumerable<ActivityLink>? links = null) =>
        L2LTelemetry.Source.StartActivity(name, ActivityKind.Internal, _iterationParent, [new(TelemetryTags.RunId, run.Spec.RunId)], links);

    /// <summary>Continues the run's trace from its checkpoint; the call that caused the resume, if traced, is linked.</summary>
    private Activity? StartResumeSpan(RunProgress run)
    {
        _iterationParent = ActivityContext.TryParse(run.TraceParent, null, out var runContext) ? runContext : default;
        var span = StartRunSpan(L2LTelemetry.ResumeSpan, run, Activity.Current is { Recorded: true } caller ? [new ActivityLink(caller.Context)] : null)?
            .SetTag(TelemetryTags.Iteration, run.Iteration)
            .SetTag(TelemetryTags.PhiVersion, run.PhiVersion);
        _iterationParent = span?.Context ?? _iterationParent;
        return span;
    }

    private async Task RunLoopAsync()
    {
        // The loop outlives the call that started it; its spans take their parent from the run, not from that call.
        Activity.Current = null;
        var run = _run!;
        try
        {
            while (KeepsRunning(run))
            {
                if (run.Spec.Asynchronous is { } mode)
                {
                    await RunAsynchronousRoundAsync(run, mode);
                }
                else
                {
                    await RunIterationAsync(run);
                }
            }

            if (_deactivating)
            {
                return;
            }

            var finalState = _stopRequested && run.Iteration < run.TrainingSpec.Iterations ? RunState.Stopped : RunState.Completed;
            using var finish = StartRunSpan(L2LTelemetry.FinishSpan, run)?.SetTag(TelemetryTags.Iteration, run.Iteration).SetTag(TelemetryTags.State, finalState.ToString());
            // Metrics rows and the optimizer file before the run is marked finished, so whoever sees it finished finds
            // them all; a crash before the mark leaves a running checkpoint, and the resumed run finishes again.
            await AppendPendingMetricsAsync();
            await store.WriteOptimizerAsync(run.Spec.RunId, OptimizerFileBytes(run), CancellationToken.None);
            run.State = finalState;
            await WriteCheckpointAsync();
            await ReleaseWorkersAsync(run.Spec.RunId);
            LogFinished(run.Spec.RunId, run.State, run.Iteration);
        }
        catch (Exception) when (_deactivating || _siloStopping.IsCancellationRequested)
        {
            // A stopping silo refuses the loop's calls before it deactivates this grain, and a crashed one never does.
            // Those errors are the silo's, not the run's: the checkpoint still says running, and the run resumes on a
            // live silo from there.
        }
        catch (Exception error)
        {
            using var failure = StartRunSpan(L2LTelemetry.FinishSpan, run)?.SetTag(TelemetryTags.State, nameof(RunState.Failed)).SetStatus(ActivityStatusCode.Error, error.Message);
            run.State = RunState.Failed;
            run.Error = error.Message;
            LogFailed(error, run.Spec.RunId);
            await WriteCheckpointAsync();
        }
    }

    private async Task RunIterationAsync(RunProgress run)
    {
        if (run.StepInHorizon == 0 || _assignments.Count == 0)
        {
            await AssignWorkersAsync(run);
            if (_assignments.Count == 0)
            {
                await Task.Delay(NoWorkersRetry);
                return;
            }
        }

        var clock = Stopwatch.StartNew();
        using var span = StartRunSpan(L2LTelemetry.IterationSpan, run)?
            .SetTag(TelemetryTags.Iteration, run.Iteration + 1)
            .SetTag(TelemetryTags.PhiVersion, run.PhiVersion);
        var request = new UnrollRequest(
            run.Spec.RunId, run.Spec.TrainingSpecJson, run.PhiVersion, FloatPayload.ToBytes(run.Phi), run.Iteration + 1,
            run.Episode, run.StepInHorizon, 0, 0);
        var answers = await Task.WhenAll(_assignments.Select(assignment => CallWorkerAsync(assignment, request, run.Spec.WorkerDeadline)));

        var intake = new GradientIntake(run.PhiVersion, run.PhiVersion, run.Phi.Length);
        foreach (var (assignment, gradient, failure) in answers)
        {
            var reason = failure ?? intake.Accept(gradient!);
            if (reason is null)
            {
                continue;
            }

            if (failure is null)
            {
                run.RejectedGradients++;
            }

            Drop(run, assignment, reason, span);
        }

        RunMetrics.LiveWorkers.Record(intake.Accepted, run.MetricTag);
        if (intake.Accepted == 0)
        {
            // Nobody advanced their problems in step: start the next episode with whoever is alive.
            run.StartNextEpisode();
            _assignments = [];
            return;
        }

        var average = intake.Average();
        var episode = run.Episode;
        run.Advance(average.Steps);
        var report = ApplyUpdate(run, average, episode, run.StepInHorizon == 0 ? run.TrainingSpec.Horizon : run.StepInHorizon, clock.Elapsed);
        span?.SetTag(TelemetryTags.Problems, average.ProblemCount).SetTag(TelemetryTags.Steps, average.Steps).SetTag(TelemetryTags.Loss, average.MetaLoss);
        await FinishIterationAsync(run, report);
    }

    /// <summary>
    /// One asynchronous round: the live workers each loop on their own problems until the run ends or every one of
    /// them is dropped; then the next round takes in whoever is alive.
    /// </summary>
    private async Task RunAsynchronousRoundAsync(RunProgress run, AsynchronousMode mode)
    {
        await AssignWorkersAsync(run);
        if (_assignments.Count == 0)
        {
            await Task.Delay(NoWorkersRetry);
            return;
        }

        var round = new AsynchronousRound(mode, mode.GradientsPerUpdate > 0 ? mode.GradientsPerUpdate : _assignments.Count, run.PhiVersion, run.Phi);
        await Task.WhenAll(_assignments.ToArray().Select(assignment => RunAsynchronousWorkerAsync(run, assignment, round)));
    }

    /// <summary>
    /// One worker's loop: it unrolls its own episodes back to back, each time under the newest φ. Its problems move on
    /// whatever becomes of the gradient; a gradient that lags more than the staleness bound is counted and dropped.
    /// Grain calls run one at a time, so the loops share the round and the run without locks. Each request gets an
    /// <c>l2l.iteration</c> span (the iteration its gradient is meant for), so the worker's unroll stays in the run's trace.
    /// </summary>
    private async Task RunAsynchronousWorkerAsync(RunProgress run, WorkerAssignment assignment, AsynchronousRound round)
    {
        var episode = run.Episode++;
        var step = 0;
        while (KeepsRunning(run))
        {
            using var span = StartRunSpan(L2LTelemetry.IterationSpan, run)?
                .SetTag(TelemetryTags.Iteration, run.Iteration + 1)
                .SetTag(TelemetryTags.PhiVersion, run.PhiVersion)
                .SetTag(TelemetryTags.Worker, assignment.WorkerKey);
            var request = new UnrollRequest(
                run.Spec.RunId, run.Spec.TrainingSpecJson, run.PhiVersion, round.PhiBytes, run.Iteration + 1, episode, step, 0, 0);
            var (_, gradient, failure) = await CallWorkerAsync(assignment, request, run.Spec.WorkerDeadline);
            if (!KeepsRunning(run))
            {
                return;
            }

            if (failure is null)
            {
                step += gradient!.Steps;
                var reachedStep = step;
                if (step >= run.TrainingSpec.Horizon)
                {
                    episode = run.Episode++;
                    step = 0;
                }

                if (run.PhiVersion - gradient.PhiVersion > round.Mode.MaxStaleness)
                {
                    run.StaleGradients++;
                    span?.SetTag(TelemetryTags.Reason, "stale");
                    continue;
                }

                failure = round.Intake.Accept(gradient);
                if (failure is null)
                {
                    if (round.Intake.Accepted >= round.GradientsPerUpdate)
                    {
                        var report = ApplyUpdate(run, round.Intake.Average(), episode, reachedStep, round.SinceLastUpdate.Elapsed);
                        round.Restart(run.PhiVersion);
                        await FinishIterationAsync(run, report);
                    }

                    continue;
                }

                run.RejectedGradients++;
            }

            Drop(run, assignment, failure, span);
            return;
        }
    }

    private bool KeepsRunning(RunProgress run) => run.Iteration < run.TrainingSpec.Iterations && !_stopRequested && !_deactivating;

    /// <summary>Adam on the averaged gradient, a new φ version and the iteration's metrics; the iteration's report.</summary>
    private MetaIterationReport ApplyUpdate(RunProgress run, MetaGradient average, long episode, int stepReached, TimeSpan elapsed)
    {
        double norm;
        using (var apply = L2LTelemetry.Source.StartActivity(L2LTelemetry.OptimizerApplySpan)?.SetTag(TelemetryTags.PhiVersion, run.PhiVersion + 1))
        {
            norm = run.Adam.Apply(run.Phi, average.Gradient);
            apply?.SetTag(TelemetryTags.GradientNorm, norm);
        }

        run.PhiVersion++;
        run.Iteration++;
        run.MetaLoss = average.MetaLoss;
        run.FinalLoss = average.FinalLoss;
        _iterationsSinceStart++;
        _problemStepsSinceStart += average.ProblemSteps;
        RecordIterationMetrics(run, average, norm, elapsed);
        return new MetaIterationReport(run.Iteration, episode, stepReached, average.MetaLoss, average.FinalLoss, norm, true, average.ProblemSteps, average.CoordinateSteps, elapsed);
    }

    /// <summary>After an update: the validation when one is due, the metrics row, and the checkpoint when one is due.</summary>
    private async Task FinishIterationAsync(RunProgress run, MetaIterationReport report)
    {
        if (run.TrainingSpec.Validation is { } validation && validation.IsDue(report.Iteration, run.TrainingSpec.Iterations))
        {
            report = report with { ValidationLoss = await ValidateAsync(run, report.Iteration) };
        }

        _pendingMetrics.Add(MetricsCsv.Row(report));
        if (report.Iteration % run.Spec.CheckpointEvery == 0 || _pendingMetrics.Count >= MaxPendingMetrics)
        {
            await WriteCheckpointAsync();
        }
    }

    /// <summary>
    /// Has the first live worker that answers score φ on the validation problems and keeps φ if it is the best so far. If
    /// no worker can, the run goes on with the best it had: a missed validation loses a candidate, never training.
    /// </summary>
    private async Task<double?> ValidateAsync(RunProgress run, int iteration)
    {
        // An asynchronous run may apply updates while a worker validates: score and keep this iteration's φ.
        var phi = (float[])run.Phi.Clone();
        var request = new ValidationRequest(run.Spec.RunId, run.Spec.TrainingSpecJson, iteration, FloatPayload.ToBytes(phi));
        using var span = StartRunSpan(L2LTelemetry.ValidationSpan, run)?.SetTag(TelemetryTags.Iteration, iteration);
        foreach (var assignment in _assignments.ToArray())
        {
            using var cancellation = new CancellationTokenSource(run.Spec.WorkerDeadline);
            try
            {
                var loss = await grains.GetGrain<IWorkerGrain>(assignment.WorkerKey)
                    .ValidateAsync(request, cancellation.Token)
                    .WaitAsync(run.Spec.WorkerDeadline);
                run.Best = BestOptimizer.Better(run.Best, iteration, loss, phi);
                span?.SetTag(TelemetryTags.Worker, assignment.WorkerKey).SetTag(TelemetryTags.Loss, loss);
                return loss;
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                LogValidationFailed(run.Spec.RunId, assignment.WorkerKey, iteration, error.Message);
            }
        }

        span?.SetStatus(ActivityStatusCode.Error, "no worker could validate");
        return null;
    }

    private void Drop(RunProgress run, WorkerAssignment assignment, string reason, Activity? span)
    {
        _assignments.Remove(assignment);
        run.RecordDrop(new DroppedWorker(assignment.WorkerKey, run.Iteration + 1, reason));
        span?.AddEvent(new ActivityEvent(L2LTelemetry.WorkerDroppedEvent, tags: new ActivityTagsCollection
        {
            [TelemetryTags.Worker] = assignment.WorkerKey,
            [TelemetryTags.Reason] = reason,
        }));
        RunMetrics.DroppedWorkers.Add(1, run.MetricTag);
        LogDropped(run.Spec.RunId, assignment.WorkerKey, run.Iteration + 1, reason);
    }

    private void RecordIterationMetrics(RunProgress run, MetaGradient average, double norm, TimeSpan elapsed)
    {
        var tag = run.MetricTag;
        RunMetrics.MetaLoss.Record(average.MetaLoss, tag);
        RunMetrics.GradientNorm.Record(norm, tag);
        RunMetrics.Iterations.Add(1, tag);
        RunMetrics.ProblemSteps.Add(average.ProblemSteps, tag);
        RunMetrics.IterationRate.Record(PerSecondSinceStart(_iterationsSinceStart), tag);
        RunMetrics.ProblemStepRate.Record(PerSecondSinceStart(_problemStepsSinceStart), tag);
        RunMetrics.IterationDuration.Record(elapsed.TotalSeconds, tag);
    }

    private async Task<(WorkerAssignment Assignment, WorkerGradient? Gradient, string? Failure)> CallWorkerAsync(
        WorkerAssignment assignment, UnrollRequest request, TimeSpan deadline)
    {
        using var cancellation = new CancellationTokenSource(deadline);
        try
        {
            var worker = grains.GetGrain<IWorkerGrain>(assignment.WorkerKey);
            var gradient = await worker
                .UnrollAsync(request with { FirstProblem = assignment.FirstProblem, ProblemCount = assignment.ProblemCount }, cancellation.Token)
                .WaitAsync(deadline);
            return (assignment, gradient, null);
        }
        catch (Exception error) when (error is TimeoutException or OperationCanceledException)
        {
            return (assignment, null, $"missed its deadline of {deadline.TotalSeconds:F0} s");
        }
        catch (SiloUnavailableException)
        {
            return (assignment, null, "its silo is gone");
        }
        catch (Exception error)
        {
            return (assignment, null, error.Message);
        }
    }

    private async Task AssignWorkersAsync(RunProgress run)
    {
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        var workers = new List<string>();
        foreach (var host in hosts.Keys)
        {
            try
            {
                var devices = await grains.GetGrain<ISiloDevicesGrain>(host.ToParsableString()).GetDevicesAsync().WaitAsync(run.Spec.WorkerDeadline);
                workers.AddRange(devices.Select(device => device.WorkerKey));
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                LogSiloSkipped(host.ToParsableString(), error.Message);
            }
        }

        _assignments = WorkerAssignment.Split(workers, run.TrainingSpec.Problems);
    }

    private async Task ReleaseWorkersAsync(string runId)
    {
        foreach (var assignment in _assignments)
        {
            try
            {
                await grains.GetGrain<IWorkerGrain>(assignment.WorkerKey).ReleaseAsync(runId).WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                LogSiloSkipped(assignment.WorkerKey, error.Message);
            }
        }
    }

    /// <summary>Metrics rows go out with each checkpoint, off the iteration's critical path.</summary>
    private async Task WriteCheckpointAsync()
    {
        var run = _run!;
        await _checkpointWrites.WaitAsync();
        try
        {
            var clock = Stopwatch.StartNew();
            using var span = L2LTelemetry.Source.StartActivity(L2LTelemetry.CheckpointSpan)?
                .SetTag(TelemetryTags.RunId, run.Spec.RunId)
                .SetTag(TelemetryTags.Iteration, run.Iteration)
                .SetTag(TelemetryTags.PhiVersion, run.PhiVersion);
            await AppendPendingMetricsAsync();
            var checkpoint = run.ToCheckpoint();
            await store.WriteCheckpointAsync(checkpoint, CancellationToken.None);
            run.LastCheckpointIteration = checkpoint.Iteration;
            RunMetrics.CheckpointDuration.Record(clock.Elapsed.TotalSeconds, run.MetricTag);
        }
        finally
        {
            _checkpointWrites.Release();
        }
    }

    /// <summary>Called by checkpoint writes (under their semaphore) and by the run's finish, when no worker loop is left, so rows go out once and in order.</summary>
    private async Task AppendPendingMetricsAsync()
    {
        if (_pendingMetrics.Count > 0)
        {
            string[] rows = [.. _pendingMetrics];
            _pendingMetrics.Clear();
            await store.AppendMetricsAsync(_run!.Spec.RunId, rows, CancellationToken.None);
        }
    }

    private RunStatus Status()
    {
        if (_run is not { } run)
        {
            return new RunStatus(this.GetPrimaryKeyString(), _unreadableCheckpoint is null ? RunState.Unknown : RunState.Failed, 0, 0, 0, double.NaN, double.NaN, 0, 0, [], [], 0, 0, null,
                silo.SiloAddress.ToParsableString(), _unreadableCheckpoint);
        }

        return new RunStatus(
            run.Spec.RunId, run.State, run.Iteration, run.TrainingSpec.Iterations, run.PhiVersion, run.MetaLoss, run.FinalLoss,
            PerSecondSinceStart(_iterationsSinceStart), PerSecondSinceStart(_problemStepsSinceStart),
            [.. _assignments.Select(assignment => assignment.WorkerKey)], [.. run.Dropped], run.RejectedGradients,
            run.LastCheckpointIteration, run.ResumedFromIteration, silo.SiloAddress.ToParsableString(), run.Error, run.StaleGradients,
            run.Best?.Iteration, run.Best?.ValidationLoss);
    }

    private double PerSecondSinceStart(double count) => count / Math.Max(_sinceStart.Elapsed.TotalSeconds, 1e-9);

    /// <summary>The run's optimizer: its best validated φ if it validates, else φ as it stands.</summary>
    private static byte[] OptimizerFileBytes(RunProgress run) => OptimizerFile.Serialize(
        new LearnedOptimizerModel(run.TrainingSpec.Architecture, (float[])(run.Best?.Phi ?? run.Phi).Clone(), run.TrainingSpec.ParameterGroups),
        new OptimizerFileInfo(run.TrainingSpec.Problem, run.Best?.Iteration ?? run.Iteration, run.Spec.TrainingSpecJson, DateTimeOffset.UtcNow));

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex RunIdPattern();

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} started: {Problem}, {Iterations} iterations")]
    private partial void LogStarted(string runId, string problem, int iterations);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} resumed from its checkpoint at iteration {Iteration}, φ version {Version}")]
    private partial void LogResumed(string runId, int iteration, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: worker {Worker} dropped at iteration {Iteration}: {Reason}")]
    private partial void LogDropped(string runId, string worker, int iteration, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} {State} at iteration {Iteration}")]
    private partial void LogFinished(string runId, RunState state, int iteration);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} failed")]
    private partial void LogFailed(Exception error, string runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped {Target}: {Reason}")]
    private partial void LogSiloSkipped(string target, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: worker {Worker} could not validate iteration {Iteration}: {Reason}")]
    private partial void LogValidationFailed(string runId, string worker, int iteration, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The run's checkpoint cannot be read: {Reason}")]
    private partial void LogUnreadableCheckpoint(string reason);
}
