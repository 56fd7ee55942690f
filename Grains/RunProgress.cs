using L2LCluster.Contracts;
using L2LCluster.Grains.Storage;
using L2LCluster.Learning;
using L2LCluster.Learning.Training;
using L2LCluster.Telemetry;

namespace L2LCluster.Grains;

/// <summary>
/// The coordinator's mutable state for one run: φ, its version, Adam, where the problems are in their episode, and
/// the counters behind <see cref="RunStatus"/>. Checkpoints are snapshots of it.
/// </summary>
internal sealed class RunProgress
{
    private const int DroppedHistory = 200;

    public required RunSpec Spec { get; set; }

    public required MetaTrainingSpec TrainingSpec { get; set; }

    public required float[] Phi { get; init; }

    public required MetaAdam Adam { get; init; }

    public RunState State { get; set; } = RunState.Running;

    public int Iteration { get; set; }

    public long PhiVersion { get; set; }

    public long Episode { get; set; }

    public int StepInHorizon { get; set; }

    public double MetaLoss { get; set; } = double.NaN;

    public double FinalLoss { get; set; } = double.NaN;

    public int RejectedGradients { get; set; }

    /// <summary>Asynchronous runs: gradients that lagged more than the staleness bound.</summary>
    public int StaleGradients { get; set; }

    public int LastCheckpointIteration { get; set; }

    public int? ResumedFromIteration { get; set; }

    public string? Error { get; set; }

    /// <summary>The W3C id of the run's span: the parent of its iterations' spans, here and after a resume.</summary>
    public string? TraceParent { get; init; }

    /// <summary>Runs that validate: the best validated φ so far, the one the run's optimizer file holds.</summary>
    public BestOptimizer? Best { get; set; }

    public List<DroppedWorker> Dropped { get; } = [];

    /// <summary>The attribute that tells this run's measurements apart.</summary>
    public KeyValuePair<string, object?> MetricTag => new(TelemetryTags.RunId, Spec.RunId);

    public void RecordDrop(DroppedWorker dropped)
    {
        Dropped.Add(dropped);
        if (Dropped.Count > DroppedHistory)
        {
            Dropped.RemoveAt(0);
        }
    }

    /// <summary>Moves the problems' position on by an unroll of <paramref name="steps"/>; a finished horizon starts the next episode.</summary>
    public void Advance(int steps)
    {
        StepInHorizon += steps;
        if (StepInHorizon >= TrainingSpec.Horizon)
        {
            StartNextEpisode();
        }
    }

    public void StartNextEpisode()
    {
        Episode++;
        StepInHorizon = 0;
    }

    /// <summary>
    /// Gives the run a new total of meta-iterations, more than it has done; the spec it carries (into checkpoints and
    /// its optimizer file) says so, so that the change outlives this activation.
    /// </summary>
    public void ChangeIterations(int iterations)
    {
        InvalidSettingException.ThrowUnless(
            iterations > Iteration,
            MetaTrainingSpec.IterationsFlag,
            $"must be more than the {Iteration} iterations run '{Spec.RunId}' has done; got {iterations}.");
        if (iterations == TrainingSpec.Iterations)
        {
            return;
        }

        TrainingSpec = (TrainingSpec with { Iterations = iterations }).Validate();
        Spec = Spec with { TrainingSpecJson = MetaTrainingSpecJson.Serialize(TrainingSpec) };
    }

    /// <summary>A resumed run starts a fresh episode: problem states lived in the workers and are gone.</summary>
    public long NextEpisodeForResume => StepInHorizon == 0 ? Episode : Episode + 1;

    public RunCheckpoint ToCheckpoint() => new(
        Spec, State, Iteration, PhiVersion, (float[])Phi.Clone(), (float[])Adam.FirstMoment.Clone(), (float[])Adam.SecondMoment.Clone(),
        Adam.StepCount, NextEpisodeForResume, RejectedGradients, Error, TraceParent, StaleGradients, Best);

    public static RunProgress FromCheckpoint(RunCheckpoint checkpoint, MetaTrainingSpec trainingSpec) => new()
    {
        Spec = checkpoint.Spec,
        TrainingSpec = trainingSpec,
        Phi = checkpoint.Phi,
        Adam = new MetaAdam(trainingSpec.LearningRate, trainingSpec.ClipNorm, checkpoint.AdamFirstMoment, checkpoint.AdamSecondMoment, checkpoint.AdamStep),
        State = checkpoint.State,
        Iteration = checkpoint.Iteration,
        PhiVersion = checkpoint.PhiVersion,
        Episode = checkpoint.NextEpisode,
        RejectedGradients = checkpoint.RejectedGradients,
        StaleGradients = checkpoint.StaleGradients,
        LastCheckpointIteration = checkpoint.Iteration,
        Error = checkpoint.Error,
        TraceParent = checkpoint.TraceParent,
        Best = checkpoint.Best,
    };
}
