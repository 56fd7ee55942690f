using System.Diagnostics;
using L2LCluster.Contracts;
using L2LCluster.Grains.Coordination;
using L2LCluster.Grains.Storage;
using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Training;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;
using L2LCluster.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace L2LCluster.Grains.Coordinator;

/// <summary>
/// One per run: its lifecycle, and nothing else. The run's numbers are a <see cref="RunCore"/>, its iterations a
/// schedule (<see cref="IRunSchedule"/>) over a <see cref="WorkerPool"/>, its files a <see cref="RunJournal"/>. While the
/// run runs, a reminder wakes this grain on a live silo if its own dies, and the new activation resumes the run from
/// its checkpoint; a finished run's activation goes away as soon as it is idle.
/// </summary>
public sealed partial class CoordinatorGrain(
    IRunStore store, ILocalSiloDetails silo, IHostApplicationLifetime siloLifetime, IOptions<RunWakeOptions> wake, ILogger<CoordinatorGrain> logger)
    : Grain, ICoordinatorGrain, IRemindable, IIncomingGrainCallFilter
{
    /// <summary>Taken now: the silo's lifetime is disposed with it, and the loop may outlive both.</summary>
    private readonly CancellationToken _siloStopping = siloLifetime.ApplicationStopping;
    private readonly RunTracing _tracing = new();
    private RunReminder? _reminder;
    private CoordinatorPhase _phase = CoordinatorPhase.Empty;
    private RunId _runId;
    private string? _unreadable;
    private RunCore? _core;
    private RunJournal? _journal;
    private RunContext? _context;
    private Task _loop = Task.CompletedTask;
    private CancellationTokenSource _stop = new();
    private int _callsInFlight;

    private bool IsIdleRun => _phase is CoordinatorPhase.Empty or CoordinatorPhase.Unreadable or CoordinatorPhase.Finished;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _runId = RunId.TryParse(this.GetPrimaryKeyString(), out var runId)
            ? runId
            : throw new InvalidRunException(SpecFields.RunId, $"'{this.GetPrimaryKeyString()}' is not a valid run name.");
        _reminder = new RunReminder(this, wake.Value.WakeInterval, logger);
        try
        {
            if (await store.ReadCheckpointAsync(_runId, cancellationToken) is { } checkpoint)
            {
                Take(RunCore.FromCheckpoint(checkpoint));
                _phase = checkpoint.State == RunState.Running ? CoordinatorPhase.Waking : CoordinatorPhase.Finished;
            }
        }
        catch (InvalidSettingException error)
        {
            // Never overwrite it: the run's history stays for a person to inspect or repair.
            _unreadable = error.Message;
            _phase = CoordinatorPhase.Unreadable;
            LogUnreadableCheckpoint(error.Message);
        }
    }

    /// <summary>
    /// Resumes a running run's loop with the first call this activation serves, not in <see cref="OnActivateAsync"/>:
    /// an activation that never becomes active is dropped without <see cref="OnDeactivateAsync"/>, and a loop started
    /// there would train on beside the activation that won. A finished run's activation leaves once no call is left.
    /// </summary>
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        _callsInFlight++;
        try
        {
            if (_phase == CoordinatorPhase.Waking && _core is { } core)
            {
                LogResumed(core.RunId.Value, core.Iteration, core.PhiVersion);
                using var resume = _tracing.StartResume(core);
                StartLoop();
            }

            await context.Invoke();
        }
        finally
        {
            _callsInFlight--;
            LeaveWhenIdle();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_phase is not (CoordinatorPhase.Training or CoordinatorPhase.Stopping))
        {
            return;
        }

        // The run goes on elsewhere: finish the current iteration and checkpoint it (losing nothing) without marking
        // the run stopped; the reminder wakes the next activation, which resumes from there.
        _phase = CoordinatorPhase.Leaving;
        await _stop.CancelAsync();
        await _loop.WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Current);
        if (_core is { State: RunState.Running } && !cancellationToken.IsCancellationRequested)
        {
            await _journal!.CheckpointAsync();
        }
    }

    public Task<RunStatus> StartAsync(RunSpec spec) => Refusing(async () =>
    {
        ArgumentNullException.ThrowIfNull(spec);
        InvalidSettingException.ThrowUnless(
            _phase != CoordinatorPhase.Unreadable, SpecFields.RunId, $"run '{_runId}' has a checkpoint that cannot be read ({_unreadable}); choose another name.");
        if (_core is { } existing)
        {
            return existing.Spec.IsSameRunAs(spec)
                ? Status()
                : throw new InvalidSettingException(SpecFields.RunId, $"a run named '{_runId}' already exists with another spec; choose another name.");
        }

        InvalidSettingException.ThrowUnless(spec.RunId == _runId, SpecFields.RunId, $"the run is named '{spec.RunId}' but was sent to '{_runId}'.");
        spec.Validate();
        ProblemCatalog.Default.For(spec.Training);
        var phi = spec.InitialPhi is { } initial ? FloatPayload.ToFloats(initial) : spec.Training.InitialPhi();
        using var span = _tracing.StartRun(spec);
        Take(RunCore.Start(spec, phi, span?.Id));
        await StartTrainingAsync(() => _core = null);
        LogStarted(_runId.Value, spec.Training.Problem, spec.Training.Iterations);
        return Status();
    });

    public Task<RunStatus> ResumeAsync(int? iterations) => Refusing(async () =>
    {
        var core = _core ?? throw new InvalidSettingException("RUN", $"there is no run named '{_runId}'.");
        if (!core.IsFinished)
        {
            InvalidSettingException.ThrowUnless(
                iterations is null || iterations == core.Training.Iterations,
                SpecFields.Iterations,
                $"run '{_runId}' is running; stop it before changing its iterations.");
            return Status();
        }

        var before = core.Snapshot();
        core.Resume(iterations);
        using var resume = _tracing.StartResume(core);
        await StartTrainingAsync(() => Take(RunCore.FromCheckpoint(before)));
        return Status();
    });

    public Task<RunStatus> GetStatusAsync() => Task.FromResult(Status());

    public async Task<RunStatus> StopAsync()
    {
        if (_phase == CoordinatorPhase.Training)
        {
            _phase = CoordinatorPhase.Stopping;
            await _stop.CancelAsync();
        }

        await _loop;
        return Status();
    }

    public Task<byte[]?> GetOptimizerFileAsync() => Task.FromResult(_core?.OptimizerFile());

    /// <summary>The reminder's call has woken this grain (<see cref="Invoke"/> resumes a running run); a finished run needs it no more.</summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (IsIdleRun)
        {
            await _reminder!.UnregisterAsync();
        }
    }

    /// <summary>Turns a refused setting into an exception that crosses the wire to the client.</summary>
    private static async Task<RunStatus> Refusing(Func<Task<RunStatus>> action)
    {
        try
        {
            return await action();
        }
        catch (InvalidSettingException error)
        {
            throw InvalidRunException.From(error);
        }
    }

    private void Take(RunCore core)
    {
        _core = core;
        _journal = new RunJournal(store, core);
    }

    /// <summary>The run's first checkpoint as running, its reminder, then its loop; <paramref name="undo"/> if they cannot be had.</summary>
    private async Task StartTrainingAsync(Action undo)
    {
        try
        {
            await _journal!.CheckpointAsync();
            await _reminder!.RegisterAsync();
        }
        catch
        {
            undo();
            throw;
        }

        StartLoop();
    }

    private void StartLoop()
    {
        var core = _core!;
        _stop = new CancellationTokenSource();
        _context = new RunContext(core, new WorkerPool(GrainFactory, core.Spec, logger), _journal!, _tracing, logger);
        _phase = CoordinatorPhase.Training;
        // A run trains for hours between the calls that reach it; its activation stays until the run ends.
        DelayDeactivation(TimeSpan.FromDays(3650));
        IRunSchedule schedule = core.Spec.Asynchronous is { } mode
            ? new AsynchronousSchedule(mode)
            : new SynchronousSchedule(core.Training.Estimator is null ? new BackpropagationEstimator() : new EvolutionEstimator(core.Training, core.Iteration + 1));
        _loop = RunLoopAsync(_context, schedule);
    }

    private async Task RunLoopAsync(RunContext run, IRunSchedule schedule)
    {
        // The loop outlives the call that started it; its spans take their parent from the run, not from that call.
        Activity.Current = null;
        var core = run.Core;
        try
        {
            await schedule.RunAsync(run, _stop.Token);
            if (_phase == CoordinatorPhase.Leaving)
            {
                return;
            }

            var state = core.HasIterationsLeft ? RunState.Stopped : RunState.Completed;
            using var finish = _tracing.Start(L2LTelemetry.FinishSpan, core)?.SetTag(TelemetryTags.Iteration, core.Iteration).SetTag(TelemetryTags.State, state.ToString());
            await run.FinishAsync(state);
            LogFinished(core.RunId.Value, state, core.Iteration);
        }
        catch (Exception) when (_phase == CoordinatorPhase.Leaving || _siloStopping.IsCancellationRequested)
        {
            // A stopping silo refuses the loop's calls before it deactivates this grain, and a crashed one never does.
            // Those errors are the silo's, not the run's: the checkpoint still says running, and the run resumes on a
            // live silo from there.
            return;
        }
        catch (Exception error)
        {
            using var failure = _tracing.Start(L2LTelemetry.FinishSpan, core)?.SetTag(TelemetryTags.State, nameof(RunState.Failed)).SetStatus(ActivityStatusCode.Error, error.Message);
            LogFailed(error, core.RunId.Value);
            await run.FailAsync(error.Message);
        }

        _phase = CoordinatorPhase.Finished;
        await _reminder!.UnregisterAsync();
        DelayDeactivation(TimeSpan.FromSeconds(-1));
        LeaveWhenIdle();
    }

    /// <summary>A run that does not train keeps no activation: the next call reads it from its checkpoint again.</summary>
    private void LeaveWhenIdle()
    {
        if (_callsInFlight == 0 && IsIdleRun)
        {
            DeactivateOnIdle();
        }
    }

    private RunStatus Status()
    {
        var siloAddress = silo.SiloAddress.ToParsableString();
        return _core?.Status(siloAddress, _context?.IterationsPerSecond ?? 0, _context?.ProblemStepsPerSecond ?? 0) ?? RunCore.NoRun(_runId, siloAddress, _unreadable);
    }
}
