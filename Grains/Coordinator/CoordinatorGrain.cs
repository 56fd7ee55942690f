using L2LCluster.Contracts;
using L2LCluster.Grains.Coordination;
using L2LCluster.Grains.Storage;
using L2LCluster.Learning.Problems;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;
using L2LCluster.Runs.Storage;
using L2LCluster.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace L2LCluster.Grains.Coordinator;

/// <summary>
/// One per run: its lifecycle, and nothing else. The run's numbers are a <see cref="RunCore"/>, its iterations a
/// schedule (<see cref="IRunSchedule"/>) over a <see cref="WorkerPool"/>, its store writes a <see cref="RunJournal"/>
/// under the epoch this activation took the run up with. While the run runs, a reminder wakes this grain on a live
/// silo if its own dies, and the new activation takes the run up from its checkpoint; a finished run's activation goes
/// away as soon as it is idle and the store has all of it.
/// </summary>
public sealed partial class CoordinatorGrain(
    IRunStore store,
    ILocalSiloDetails silo,
    IHostApplicationLifetime siloLifetime,
    IOptions<RunOptions> options,
    IOptions<SiloMessagingOptions> messaging,
    IOptions<ClusterOptions> cluster,
    ProblemCatalog problems,
    ILogger<CoordinatorGrain> logger)
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

    private bool IsIdleRun => _phase is CoordinatorPhase.Empty or CoordinatorPhase.Unreadable or CoordinatorPhase.Finished or CoordinatorPhase.Superseded;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _runId = RunId.TryParse(this.GetPrimaryKeyString(), out var runId)
            ? runId
            : throw new InvalidRunException(SpecFields.RunId, $"'{this.GetPrimaryKeyString()}' is not a valid run name.");
        _reminder = new RunReminder(this, options.Value.WakeInterval, cluster.Value.ClusterId, logger);
        await ReadAsync(() => store.ReadCheckpointAsync(_runId, cancellationToken));
    }

    /// <summary>
    /// Takes a running run up with the first call this activation serves, not in <see cref="OnActivateAsync"/>: an
    /// activation that never becomes active is dropped without <see cref="OnDeactivateAsync"/>, and a loop started there
    /// would train on beside the activation that won. A run whose store fell behind is written again first.
    /// </summary>
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        _callsInFlight++;
        try
        {
            if (_phase == CoordinatorPhase.Waking)
            {
                await TakeUpRunningAsync();
            }
            else if (_journal is { IsRetryDue: true } journal && _phase is CoordinatorPhase.Interrupted or CoordinatorPhase.Finished)
            {
                await CatchUpAsync(journal);
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
        // the run stopped; the reminder wakes the next activation, which takes the run up from there.
        _phase = CoordinatorPhase.Leaving;
        await _stop.CancelAsync();
        await _loop.WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Current);
        if (_core is { State: RunState.Running } && !cancellationToken.IsCancellationRequested)
        {
            await _journal!.CheckpointAsync().ContinueWith(_ => { }, TaskScheduler.Current);
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

        // A family is named against what the live silos offer before this silo's own catalog builds it.
        await OfferedProblems.CheckAsync(GrainFactory, spec.Training);
        var phi = RunSubmission.Admit(spec, _runId, problems, messaging.Value.MaxMessageBodySize, options.Value.MemoryBudget);
        var takeUp = await store.TakeUpAsync(_runId, CancellationToken.None);
        InvalidSettingException.ThrowUnless(takeUp.Checkpoint is null, SpecFields.RunId, $"a run named '{_runId}' was started elsewhere meanwhile; choose another name.");
        using var span = _tracing.StartRun(spec);
        await BeginAsync(RunCore.Start(spec, phi, span?.Id), takeUp.Epoch);
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

        var takeUp = await store.TakeUpAsync(_runId, CancellationToken.None);
        var taken = takeUp.Checkpoint is { IsFinished: true } checkpoint ? RunCore.FromCheckpoint(checkpoint) : core;
        taken.Resume(iterations);
        using var resume = _tracing.StartResume(taken);
        await BeginAsync(taken, takeUp.Epoch);
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
        else if (_phase == CoordinatorPhase.Interrupted && _core is { } core)
        {
            // The loop has ended already: the stop is the run's state, written when the store takes it.
            core.Finish(RunState.Stopped);
            _phase = CoordinatorPhase.Finished;
            await CatchUpAsync(_journal!);
        }

        await _loop;
        return Status();
    }

    public Task<byte[]?> GetOptimizerFileAsync() => Task.FromResult(_core?.OptimizerFile());

    /// <summary>The reminder's call has woken this grain (<see cref="Invoke"/> takes a running run up); a finished run needs it no more.</summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (_reminder!.IsOwn(reminderName) && IsIdleRun && _phase != CoordinatorPhase.Superseded && _journal is not { IsBehind: true })
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

    /// <summary>The run as its store has it; a checkpoint that cannot be read is never overwritten.</summary>
    private async Task ReadAsync(Func<Task<RunCheckpoint?>> read)
    {
        try
        {
            if (await read() is { } checkpoint)
            {
                _core = RunCore.FromCheckpoint(checkpoint);
                _phase = checkpoint.State == RunState.Running ? CoordinatorPhase.Waking : CoordinatorPhase.Finished;
            }
        }
        catch (InvalidSettingException error)
        {
            _unreadable = error.Message;
            _phase = CoordinatorPhase.Unreadable;
            LogUnreadableCheckpoint(error.Message);
        }
    }

    /// <summary>A running run this activation found: taken up under a new epoch from its checkpoint as it stands now.</summary>
    private async Task TakeUpRunningAsync()
    {
        var takeUp = await store.TakeUpAsync(_runId, CancellationToken.None);
        await ReadAsync(() => Task.FromResult(takeUp.Checkpoint));
        if (_phase == CoordinatorPhase.Waking && _core is { } core)
        {
            LogResumed(core.RunId.Value, core.Iteration, core.PhiVersion);
            using var resume = _tracing.StartResume(core);
            _journal = new RunJournal(store, core, takeUp.Epoch, options.Value.StoreOutageLimit);
            StartLoop();
        }
    }

    /// <summary>The run's first write under its new epoch and its reminder, then its loop; nothing changes if they cannot be had.</summary>
    private async Task BeginAsync(RunCore core, long epoch)
    {
        var journal = new RunJournal(store, core, epoch, options.Value.StoreOutageLimit);
        await journal.BeginAsync();
        await _reminder!.RegisterAsync();
        (_core, _journal) = (core, journal);
        StartLoop();
    }

    /// <summary>Writes what the store missed; an interrupted run that can be written again trains on.</summary>
    private async Task CatchUpAsync(RunJournal journal)
    {
        await journal.CheckpointAsync().ContinueWith(_ => { }, TaskScheduler.Current);
        if (!journal.IsBehind && _phase == CoordinatorPhase.Interrupted)
        {
            LogStoreBack(_runId.Value);
            if (_core!.IsFinished)
            {
                _phase = CoordinatorPhase.Finished;
                await _reminder!.UnregisterAsync();
            }
            else
            {
                StartLoop();
            }
        }
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
        _loop = RunLoopAsync(new RunLoop(_context, schedule, logger));
    }

    private async Task RunLoopAsync(RunLoop loop)
    {
        var end = await loop.RunAsync(_stop.Token, () => _phase == CoordinatorPhase.Leaving, _siloStopping);
        switch (end)
        {
            case RunLoopEnd.Left:
                return;
            case RunLoopEnd.Interrupted:
                _phase = CoordinatorPhase.Interrupted;
                return;
            case RunLoopEnd.Superseded:
                _phase = CoordinatorPhase.Superseded;
                break;
            default:
                _phase = CoordinatorPhase.Finished;
                if (!_journal!.IsBehind)
                {
                    await _reminder!.UnregisterAsync();
                }

                break;
        }

        DelayDeactivation(TimeSpan.FromSeconds(-1));
        LeaveWhenIdle();
    }

    /// <summary>A run that does not train keeps no activation once its store has all of it: the next call reads it again.</summary>
    private void LeaveWhenIdle()
    {
        if (_callsInFlight == 0 && IsIdleRun && _journal is not { IsBehind: true })
        {
            DeactivateOnIdle();
        }
    }

    private RunStatus Status()
    {
        var siloAddress = silo.SiloAddress.ToParsableString();
        var status = _core?.Status(siloAddress, _context?.IterationsPerSecond ?? 0, _context?.ProblemStepsPerSecond ?? 0) ?? RunCore.NoRun(_runId, siloAddress, _unreadable);
        return _phase == CoordinatorPhase.Interrupted ? status with { State = RunState.Interrupted, Error = _journal?.Outage } : status;
    }
}
