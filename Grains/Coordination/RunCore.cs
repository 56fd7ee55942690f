using L2LCluster.Contracts;
using L2LCluster.Learning.Training;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;

namespace L2LCluster.Grains.Coordination;

/// <summary>
/// The numbers of one run that its coordinator owns, and every change to them: φ and its version, Adam, the iteration,
/// where the problems stand in their episode, the best validated φ, the counters and the history of dropped workers.
/// No Orleans and no libtorch, so every transition is tested directly; a checkpoint is a <see cref="Snapshot"/> and
/// <see cref="FromCheckpoint"/> takes one up again.
/// </summary>
public sealed class RunCore
{
    private readonly List<DroppedWorker> _dropped;

    private RunCore(RunSpec spec, float[] phi, MetaAdam adam, string? traceParent, IEnumerable<DroppedWorker> dropped)
    {
        Spec = spec;
        Phi = phi;
        Adam = adam;
        TraceParent = traceParent;
        _dropped = [.. dropped];
    }

    public RunSpec Spec { get; private set; }

    public MetaTrainingSpec Training => Spec.Training;

    public RunId RunId => Spec.RunId;

    /// <summary>The current φ, changed in place by every update.</summary>
    public float[] Phi { get; }

    public MetaAdam Adam { get; }

    public RunState State { get; private set; } = RunState.Running;

    public int Iteration { get; private set; }

    public long PhiVersion { get; private set; }

    /// <summary>The episode the problems belong to.</summary>
    public long Episode { get; private set; }

    /// <summary>Steps the problems have taken in their episode (0: fresh problems are due).</summary>
    public int StepInHorizon { get; private set; }

    public double MetaLoss { get; private set; } = double.NaN;

    public double FinalLoss { get; private set; } = double.NaN;

    public int RejectedGradients { get; private set; }

    /// <summary>Asynchronous runs: gradients that lagged more than the staleness bound.</summary>
    public int StaleGradients { get; private set; }

    public int LastCheckpointIteration { get; private set; }

    /// <summary>The checkpoint iteration this coordinator took the run up from, if it did.</summary>
    public int? ResumedFromIteration { get; private set; }

    public string? Error { get; private set; }

    /// <summary>The W3C id of the run's span: the parent of its iterations' spans, here and after a resume.</summary>
    public string? TraceParent { get; }

    /// <summary>Runs that validate: the best validated φ so far, the one the run's optimizer file holds.</summary>
    public BestOptimizer? Best { get; private set; }

    /// <summary>The workers of the current episode.</summary>
    public IReadOnlyList<string> Workers { get; private set; } = [];

    /// <summary>The latest times a worker was left out, oldest first.</summary>
    public IReadOnlyList<DroppedWorker> Dropped => _dropped;

    public bool HasIterationsLeft => Iteration < Training.Iterations;

    public bool IsFinished => State is not RunState.Running;

    /// <summary>A resumed run starts a fresh episode: problem states lived in the workers and are gone.</summary>
    private long NextEpisodeForResume => StepInHorizon == 0 ? Episode : Episode + 1;

    /// <summary>A new run, running, from <paramref name="phi"/> (the spec's fresh φ, or the one it starts from).</summary>
    public static RunCore Start(RunSpec spec, float[] phi, string? traceParent)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(phi);
        InvalidSettingException.ThrowUnless(
            phi.Length == spec.Training.ParameterCount && FloatVectors.AllFinite(phi),
            SpecFields.InitialPhi,
            $"the φ to start from has {phi.Length} values; the run's networks need {spec.Training.ParameterCount}, all finite.");
        return new RunCore(spec, phi, new MetaAdam(phi.Length, spec.Training.LearningRate, spec.Training.ClipNorm), traceParent, []);
    }

    /// <summary>The run as a checkpoint left it; a running one is taken up from there, with a fresh episode.</summary>
    public static RunCore FromCheckpoint(RunCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var training = checkpoint.Spec.Training;
        return new RunCore(
            checkpoint.Spec,
            [.. checkpoint.Phi],
            new MetaAdam(training.LearningRate, training.ClipNorm, [.. checkpoint.AdamFirstMoment], [.. checkpoint.AdamSecondMoment], checkpoint.AdamStep),
            checkpoint.TraceParent,
            checkpoint.Dropped ?? [])
        {
            State = checkpoint.State,
            Iteration = checkpoint.Iteration,
            PhiVersion = checkpoint.PhiVersion,
            Episode = checkpoint.NextEpisode,
            RejectedGradients = checkpoint.RejectedGradients,
            StaleGradients = checkpoint.StaleGradients,
            LastCheckpointIteration = checkpoint.Iteration,
            ResumedFromIteration = checkpoint.State == RunState.Running ? checkpoint.Iteration : null,
            Error = checkpoint.Error,
            Best = checkpoint.Best,
            Workers = checkpoint.Workers ?? [],
        };
    }

    /// <summary>Adam on the averaged gradient: φ's next version and the next iteration. Returns the gradient's norm before clipping.</summary>
    public double Apply(MetaGradient average)
    {
        ArgumentNullException.ThrowIfNull(average);
        var norm = Adam.Apply(Phi, average.Gradient);
        PhiVersion++;
        Iteration++;
        MetaLoss = average.MetaLoss;
        FinalLoss = average.FinalLoss;
        return norm;
    }

    /// <summary>Synchronous runs: the problems moved on by <paramref name="steps"/>; a finished horizon starts the next episode. Returns the step reached.</summary>
    public int Advance(int steps)
    {
        StepInHorizon += steps;
        var reached = StepInHorizon;
        if (StepInHorizon >= Training.Horizon)
        {
            StartNextEpisode();
        }

        return reached;
    }

    /// <summary>The problems are given up (nobody advanced them): the next iteration starts the next episode.</summary>
    public void StartNextEpisode()
    {
        Episode++;
        StepInHorizon = 0;
    }

    /// <summary>Asynchronous runs: an episode of its own for one worker's loop.</summary>
    public long TakeEpisode() => Episode++;

    public void Assign(IReadOnlyList<string> workers) => Workers = workers;

    public void RecordDrop(DroppedWorker dropped)
    {
        ArgumentNullException.ThrowIfNull(dropped);
        Workers = [.. Workers.Where(worker => worker != dropped.WorkerKey)];
        _dropped.Add(dropped);
        if (_dropped.Count > RunCheckpoint.DroppedHistory)
        {
            _dropped.RemoveAt(0);
        }
    }

    public void RecordRejection() => RejectedGradients++;

    public void RecordStale() => StaleGradients++;

    /// <summary>Keeps <paramref name="phi"/>, validated after <paramref name="iteration"/>, if it is the best so far.</summary>
    public void RecordValidation(int iteration, double loss, ReadOnlySpan<float> phi) => Best = BestOptimizer.Better(Best, iteration, loss, phi);

    public void RecordCheckpoint(int iteration) => LastCheckpointIteration = iteration;

    /// <summary>The run ends: it completed, was stopped or failed (with <paramref name="error"/>).</summary>
    public void Finish(RunState state, string? error = null)
    {
        if (state == RunState.Running)
        {
            throw new ArgumentOutOfRangeException(nameof(state), state, "A run finishes completed, stopped or failed.");
        }

        State = state;
        Error = error;
    }

    /// <summary>
    /// A finished run runs again from where it stands, with a fresh episode; <paramref name="iterations"/>, when given,
    /// is its new total of meta-iterations, more than it has done. A completed run needs one.
    /// </summary>
    public void Resume(int? iterations)
    {
        if (!IsFinished)
        {
            throw new InvalidOperationException($"Run {RunId} is running.");
        }

        if (iterations is { } total)
        {
            InvalidSettingException.ThrowUnless(
                total > Iteration, SpecFields.Iterations, $"must be more than the {Iteration} iterations run '{RunId}' has done; got {total}.");
            Spec = Spec with { Training = (Training with { Iterations = total }).Validate() };
        }
        else
        {
            InvalidSettingException.ThrowUnless(
                State != RunState.Completed,
                SpecFields.Iterations,
                $"run '{RunId}' has completed its {Iteration} iterations; resume it with more iterations than {Iteration} to train it further.");
        }

        State = RunState.Running;
        Error = null;
        ResumedFromIteration = Iteration;
        Episode = NextEpisodeForResume;
        StepInHorizon = 0;
    }

    /// <summary>Where the run stands, as its coordinator on <paramref name="coordinatorSilo"/> reports it, with the rates of its loop.</summary>
    public RunStatus Status(string coordinatorSilo, double iterationsPerSecond, double problemStepsPerSecond) => new(
        RunId, State, Iteration, Training.Iterations, PhiVersion, MetaLoss, FinalLoss, iterationsPerSecond, problemStepsPerSecond, [.. Workers], [.. _dropped],
        RejectedGradients, LastCheckpointIteration, ResumedFromIteration, coordinatorSilo, Error, StaleGradients, Best?.Iteration, Best?.ValidationLoss);

    /// <summary>The status of a name no run has (<see cref="RunState.Unknown"/>), or of one whose checkpoint cannot be read (failed, with why).</summary>
    public static RunStatus NoRun(RunId runId, string coordinatorSilo, string? unreadable) => new(
        runId, unreadable is null ? RunState.Unknown : RunState.Failed, 0, 0, 0, double.NaN, double.NaN, 0, 0, [], [], 0, 0, null, coordinatorSilo, unreadable);

    /// <summary>The run's optimizer file as it stands (<see cref="Runs.Storage.OptimizerFile.OfRun"/>).</summary>
    public byte[] OptimizerFile() => Runs.Storage.OptimizerFile.OfRun(Training, Phi, Best, Iteration);

    /// <summary>The run as it stands, as a checkpoint: copies, so the run goes on while it is written.</summary>
    public RunCheckpoint Snapshot() => new(
        Spec, State, Iteration, PhiVersion, [.. Phi], [.. Adam.FirstMoment], [.. Adam.SecondMoment], Adam.StepCount, NextEpisodeForResume,
        RejectedGradients, Error, TraceParent, StaleGradients, Best, Workers, [.. _dropped]);
}
