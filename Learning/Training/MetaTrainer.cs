using System.Diagnostics;
using L2LCluster.Learning.Optimizers;
using L2LCluster.Learning.Problems;
using L2LCluster.Runs;
using L2LCluster.Runs.Optimizers;
using L2LCluster.Runs.Specs;
using L2LCluster.Runs.Storage;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Training;

/// <summary>
/// The single-process reference meta-trainer: one <see cref="TruncatedUnroller"/> over all the spec's problems
/// and <see cref="MetaAdam"/> on φ. The cluster's coordinator and workers run the same two pieces; with the same
/// spec they must reach the same φ. With a <see cref="ValidationSchedule"/> it also keeps the best validated φ, and that
/// is the optimizer it hands out.
/// </summary>
public sealed class MetaTrainer : IDisposable
{
    private readonly TruncatedUnroller _unroller;
    private readonly IProblemFamily _family;
    private readonly Device _device;

    public MetaTrainer(MetaTrainingSpec spec, IProblemFamily family, Device device)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(family);
        Spec = spec.Validate();
        Networks = spec.Networks();
        Phi = spec.InitialPhi();
        Adam = new MetaAdam(Phi.Length, spec.LearningRate, spec.ClipNorm);
        _unroller = new TruncatedUnroller(spec, family, device, firstProblem: 0, problemCount: spec.Problems);
        _family = family;
        _device = device;
    }

    public MetaTrainingSpec Spec { get; }

    public OptimizerNetworks Networks { get; }

    /// <summary>The current φ (updated in place by every iteration).</summary>
    public float[] Phi { get; }

    public MetaAdam Adam { get; }

    public int Iteration { get; private set; }

    /// <summary>Meta-iterations whose gradient was non-finite and so not applied.</summary>
    public int RejectedGradients { get; private set; }

    public bool IsComplete => Iteration >= Spec.Iterations;

    /// <summary>The best validated φ so far; null without validation or before the first.</summary>
    public BestOptimizer? Best { get; private set; }

    /// <summary>One truncated unroll and one Adam step, then a validation of φ when one is due.</summary>
    /// <param name="cancellation">
    /// Skips a validation under way: a stop must not wait for one (it can take as long as dozens of iterations), and
    /// the best φ so far stays the optimizer.
    /// </param>
    public MetaIterationReport Step(CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        var gradient = MetaGradient.Average([_unroller.Unroll(Phi)]);
        var norm = double.NaN;
        if (gradient.IsFinite)
        {
            norm = Adam.Apply(Phi, gradient.Gradient);
        }
        else
        {
            RejectedGradients++;
        }

        Iteration++;
        double? validationLoss = null;
        if (Spec.Validation is { } validation && validation.IsDue(Iteration, Spec.Iterations))
        {
            validationLoss = Validate(cancellation);
            if (validationLoss is { } loss)
            {
                Best = BestOptimizer.Better(Best, Iteration, loss, Phi);
            }
        }

        var stepInHorizon = _unroller.StepInHorizon;
        return new MetaIterationReport(
            Iteration,
            _unroller.NextEpisode - 1,
            stepInHorizon == 0 ? Spec.Horizon : stepInHorizon,
            gradient.MetaLoss,
            gradient.FinalLoss,
            norm,
            gradient.IsFinite,
            gradient.ProblemSteps,
            gradient.CoordinateSteps,
            clock.Elapsed,
            validationLoss);
    }

    private double? Validate(CancellationToken cancellation)
    {
        try
        {
            return OptimizerValidation.FinalLoss(Spec, _family, Phi, _device, cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>The trained optimizer, ready to use: the best validated φ if the run validates, else φ as it stands.</summary>
    public LearnedOptimizerModel ToModel() => OptimizerFile.ModelOfRun(Spec, Phi, Best);

    /// <summary>The iteration the optimizer of <see cref="ToModel"/> comes from.</summary>
    public int ModelIteration => Best?.Iteration ?? Iteration;

    /// <summary>
    /// The run as it stands, in the checkpoint record every engine writes: a run of <paramref name="run"/>'s settings, so
    /// that a cluster can take it up from here (with a fresh episode, as a resumed cluster run does).
    /// </summary>
    public RunCheckpoint Checkpoint(RunSpec run, RunState state)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new RunCheckpoint(
            run, state, Iteration, Iteration - RejectedGradients, [.. Phi], [.. Adam.FirstMoment], [.. Adam.SecondMoment], Adam.StepCount,
            _unroller.NextEpisode, RejectedGradients, null, null, Best: Best);
    }

    public void Dispose() => _unroller.Dispose();
}
