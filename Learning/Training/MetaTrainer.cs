using System.Diagnostics;
using L2LCluster.Learning.Optimizers;
using L2LCluster.Learning.Problems;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Training;

/// <summary>
/// The single-process reference meta-trainer: one <see cref="TruncatedUnroller"/> over all the spec's problems
/// and <see cref="MetaAdam"/> on φ. The cluster's coordinator and workers run the same two pieces; with the same
/// spec they must reach the same φ.
/// </summary>
public sealed class MetaTrainer : IDisposable
{
    private readonly TruncatedUnroller _unroller;

    public MetaTrainer(MetaTrainingSpec spec, IProblemFamily family, Device device)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(family);
        Spec = spec.Validate();
        Networks = spec.Networks;
        Phi = Networks.InitialParameters(spec.Seed, spec.Initialization);
        Adam = new MetaAdam(Phi.Length, spec.LearningRate, spec.ClipNorm);
        _unroller = new TruncatedUnroller(spec, family, device, firstProblem: 0, problemCount: spec.Problems);
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

    /// <summary>One truncated unroll and one Adam step.</summary>
    public MetaIterationReport Step()
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
            clock.Elapsed);
    }

    /// <summary>The trained optimizer as it stands, ready to save or to use.</summary>
    public LearnedOptimizerModel ToModel() => new(Networks.Architecture, (float[])Phi.Clone(), Networks.Groups);

    public void Dispose() => _unroller.Dispose();
}
