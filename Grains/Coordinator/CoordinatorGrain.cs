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
    private RunTraining? _training;
    private Task _loop = Task.CompletedTask;
    private int _callsInFlight;

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
        await _training!.StopAsync();
        await _loop.WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Current);
        if (_core is { State: RunState.Running } && !cancellationToken.IsCancellationRequested)
        {
            await _journal!.CheckpointAsync().ContinueWith(_ => { }, TaskScheduler.Current);
        }
    }

    public Task<RunStatus> StartAsync(RunSpec spec) => RunSubmission.Refusing(async () =>
    {
        ArgumentNullException.ThrowIfNull(spec);
        InvalidSettingException.ThrowUnless(
            _phase != CoordinatorPhase.Unreadable, SpecFields.RunId, $"run '{_runId}' has a checkpoint that cannot be read ({_unreadable}); choose another name.");
        if (RunSubmission.IsRepeat(_core, spec, _runId))
        {
            return Status();
        }

        var (phi, epoch) = await RunSubmission.TakeAsync(spec, _runId, GrainFactory, store, problems, (messaging.Value.MaxMessageBodySize, options.Value.MemoryBudget));
        using var span = _tracing.StartRun(spec);
        await BeginAsync(RunCore.Start(spec, phi, span?.Id), epoch);
        LogStarted(_runId.Value, spec.Training.Problem, spec.Training.Iterations);
        return Status();
    });

    public Task<RunStatus> ResumeAsync(int? iterations) => RunSubmission.Refusing(async () =>
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
            await _training!.StopAsync();
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
        if (_reminder!.IsOwn(reminderName) && _phase.IsIdle() && _phase != CoordinatorPhase.Superseded && _journal is not { IsBehind: true })
        {
            await _reminder!.UnregisterAsync();
        }
    }

    /// <summary>The run as its store has it; a checkpoint that cannot be read is never overwritten.</summary>
    private async Task ReadAsync(Func<Task<RunCheckpoint?>> read)
    {
        var stored = await StoredRun.ReadAsync(read);
        (_phase, _core, _unreadable) = (stored.Phase, stored.Core, stored.Unreadable);
        if (stored.Unreadable is { } reason)
        {
            LogUnreadableCheckpoint(reason);
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
        _phase = CoordinatorPhase.Training;
        // A run trains for hours between the calls that reach it; its activation stays until the run ends.
        DelayDeactivation(TimeSpan.FromDays(3650));
        _training = new RunTraining(_core!, _journal!, GrainFactory, _tracing, logger, () => _phase == CoordinatorPhase.Leaving, _siloStopping);
        _loop = EndAsync(_training.Loop);
    }

    private async Task EndAsync(Task<RunLoopEnd> loop)
    {
        switch (await loop)
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
        if (_callsInFlight == 0 && _phase.IsIdle() && _journal is not { IsBehind: true })
        {
            DeactivateOnIdle();
        }
    }

    private RunStatus Status()
    {
        var siloAddress = silo.SiloAddress.ToParsableString();
        var status = _core?.Status(siloAddress, _training?.Context.IterationsPerSecond ?? 0, _training?.Context.ProblemStepsPerSecond ?? 0) ?? RunCore.NoRun(_runId, siloAddress, _unreadable);
        return _phase == CoordinatorPhase.Interrupted ? status with { State = RunState.Interrupted, Error = _journal?.Outage } : status;
    }
}
