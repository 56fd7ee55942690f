using System.Diagnostics;
using System.Text.RegularExpressions;
using L2LCluster.Contracts;
using L2LCluster.Grains.Storage;
using L2LCluster.Learning;
using L2LCluster.Learning.Files;
using L2LCluster.Learning.Optimizers;
using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Training;
using Microsoft.Extensions.Logging;

namespace L2LCluster.Grains;

/// <summary>
/// One per run. Holds φ and Adam (plain arrays: no libtorch here), and runs synchronous meta-iterations: at each
/// episode boundary it splits the problems over the live workers; each iteration it sends φ to them, drops those
/// that miss the deadline or whose silo died, rejects gradients that are non-finite, stale or the wrong length,
/// averages the rest by problem count, applies Adam and checkpoints every k iterations. On activation it resumes
/// a running run from its checkpoint, so a run survives the death of its coordinator's silo.
/// </summary>
[KeepAlive]
public sealed partial class CoordinatorGrain(IRunStore store, IGrainFactory grains, ILocalSiloDetails silo, ILogger<CoordinatorGrain> logger)
    : Grain, ICoordinatorGrain
{
    private static readonly TimeSpan NoWorkersRetry = TimeSpan.FromSeconds(1);
    private const int MaxPendingMetrics = 1000;

    private RunProgress? _run;
    private string? _unreadableCheckpoint;
    private Task? _loop;
    private bool _stopRequested;
    private bool _deactivating;
    private List<WorkerAssignment> _assignments = [];
    private readonly List<string> _pendingMetrics = [];
    private readonly Stopwatch _sinceStart = new();
    private int _iterationsSinceStart;
    private long _problemStepsSinceStart;

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
            LogResumed(checkpoint.Spec.RunId, checkpoint.Iteration, checkpoint.PhiVersion);
            StartLoop();
        }
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

    public Task<RunStatus> ResumeAsync() => Refusing(ResumeRunAsync);

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
            return _run.Spec == spec
                ? Status()
                : throw new InvalidSettingException("--run", $"a run named '{_run.Spec.RunId}' already exists with another spec; choose another name.");
        }

        var trainingSpec = Validate(spec);
        var phi = trainingSpec.Networks.InitialParameters(trainingSpec.Seed, trainingSpec.Initialization);
        _run = new RunProgress
        {
            Spec = spec,
            TrainingSpec = trainingSpec,
            Phi = phi,
            Adam = new MetaAdam(phi.Length, trainingSpec.LearningRate, trainingSpec.ClipNorm),
        };
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

    private async Task<RunStatus> ResumeRunAsync()
    {
        var run = _run ?? throw new InvalidSettingException("RUN", $"there is no run named '{this.GetPrimaryKeyString()}'.");
        if (run.State == RunState.Running)
        {
            return Status();
        }

        if (run.State == RunState.Completed)
        {
            throw new InvalidSettingException("RUN", $"run '{run.Spec.RunId}' has completed; start a new run to train further.");
        }

        run.State = RunState.Running;
        run.Error = null;
        run.ResumedFromIteration = run.Iteration;
        run.Episode = run.NextEpisodeForResume;
        run.StepInHorizon = 0;
        _stopRequested = false;
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

    private async Task RunLoopAsync()
    {
        var run = _run!;
        try
        {
            while (run.Iteration < run.TrainingSpec.Iterations && !_stopRequested && !_deactivating)
            {
                await RunIterationAsync(run);
            }

            if (_deactivating)
            {
                return;
            }

            run.State = _stopRequested && run.Iteration < run.TrainingSpec.Iterations ? RunState.Stopped : RunState.Completed;
            await WriteCheckpointAsync();
            await store.WriteOptimizerAsync(run.Spec.RunId, OptimizerFileBytes(run), CancellationToken.None);
            await ReleaseWorkersAsync(run.Spec.RunId);
            LogFinished(run.Spec.RunId, run.State, run.Iteration);
        }
        catch (Exception error) when (!_deactivating)
        {
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
        var request = new UnrollRequest(
            run.Spec.RunId, run.Spec.TrainingSpecJson, run.PhiVersion, FloatPayload.ToBytes(run.Phi), run.Iteration + 1,
            run.Episode, run.StepInHorizon, 0, 0);
        var answers = await Task.WhenAll(_assignments.Select(assignment => CallWorkerAsync(assignment, request, run.Spec.WorkerDeadline)));

        var intake = new GradientIntake(run.PhiVersion, run.Phi.Length);
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

            _assignments.Remove(assignment);
            run.RecordDrop(new DroppedWorker(assignment.WorkerKey, run.Iteration + 1, reason));
            LogDropped(run.Spec.RunId, assignment.WorkerKey, run.Iteration + 1, reason);
        }

        if (intake.Accepted == 0)
        {
            // Nobody advanced their problems in step: start the next episode with whoever is alive.
            run.StartNextEpisode();
            _assignments = [];
            return;
        }

        var average = intake.Average();
        var norm = run.Adam.Apply(run.Phi, average.Gradient);
        run.PhiVersion++;
        run.Iteration++;
        run.MetaLoss = average.MetaLoss;
        run.FinalLoss = average.FinalLoss;
        var episode = run.Episode;
        run.Advance(average.Steps);
        _iterationsSinceStart++;
        _problemStepsSinceStart += average.ProblemSteps;
        var report = new MetaIterationReport(run.Iteration, episode, run.StepInHorizon == 0 ? run.TrainingSpec.Horizon : run.StepInHorizon,
            average.MetaLoss, average.FinalLoss, norm, true, average.ProblemSteps, average.CoordinateSteps, clock.Elapsed);
        _pendingMetrics.Add(MetricsCsv.Row(report));
        if (run.Iteration % run.Spec.CheckpointEvery == 0 || _pendingMetrics.Count >= MaxPendingMetrics)
        {
            await WriteCheckpointAsync();
        }
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
        if (_pendingMetrics.Count > 0)
        {
            await store.AppendMetricsAsync(run.Spec.RunId, [.. _pendingMetrics], CancellationToken.None);
            _pendingMetrics.Clear();
        }

        await store.WriteCheckpointAsync(run.ToCheckpoint(), CancellationToken.None);
        run.LastCheckpointIteration = run.Iteration;
    }

    private RunStatus Status()
    {
        if (_run is not { } run)
        {
            return new RunStatus(this.GetPrimaryKeyString(), _unreadableCheckpoint is null ? RunState.Unknown : RunState.Failed, 0, 0, 0, double.NaN, double.NaN, 0, 0, [], [], 0, 0, null,
                silo.SiloAddress.ToParsableString(), _unreadableCheckpoint);
        }

        var seconds = Math.Max(_sinceStart.Elapsed.TotalSeconds, 1e-9);
        return new RunStatus(
            run.Spec.RunId, run.State, run.Iteration, run.TrainingSpec.Iterations, run.PhiVersion, run.MetaLoss, run.FinalLoss,
            _iterationsSinceStart / seconds, _problemStepsSinceStart / seconds,
            [.. _assignments.Select(assignment => assignment.WorkerKey)], [.. run.Dropped], run.RejectedGradients,
            run.LastCheckpointIteration, run.ResumedFromIteration, silo.SiloAddress.ToParsableString(), run.Error);
    }

    private static byte[] OptimizerFileBytes(RunProgress run) => OptimizerFile.Serialize(
        new LearnedOptimizerModel(run.TrainingSpec.Architecture, (float[])run.Phi.Clone(), run.TrainingSpec.ParameterGroups),
        new OptimizerFileInfo(run.TrainingSpec.Problem, run.Iteration, run.Spec.TrainingSpecJson, DateTimeOffset.UtcNow));

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

    [LoggerMessage(Level = LogLevel.Error, Message = "The run's checkpoint cannot be read: {Reason}")]
    private partial void LogUnreadableCheckpoint(string reason);
}
