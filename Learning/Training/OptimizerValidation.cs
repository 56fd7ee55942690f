using L2LCluster.Learning.Evaluation;
using L2LCluster.Learning.Problems;
using L2LCluster.Runs.Optimizers;
using L2LCluster.Runs.Specs;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Training;

/// <summary>Scores φ on a run's validation problems: the same score whichever engine or worker computes it.</summary>
public static class OptimizerValidation
{
    /// <summary>
    /// The mean loss of the validation problems after a whole horizon of φ's updates; +∞ if any diverged. Tensor work
    /// on the calling thread (a device's executor in a cluster). Cancellation is checked at every step.
    /// </summary>
    public static double FinalLoss(MetaTrainingSpec spec, IProblemFamily family, float[] phi, Device device, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(phi);
        var schedule = spec.Validation ?? throw new ArgumentException("The spec asks for no validation.", nameof(spec));
        // The model checks φ's length against the networks.
        var model = new LearnedOptimizerModel(spec.Architecture, phi, spec.ParameterGroups);
        var curves = OptimizationRun.Run(family, ProblemSets.Validation(spec.Seed, schedule.Problems), new LearnedOptimizerFactory(model), spec.Horizon, device, cancellation);
        return curves.FinalLoss;
    }
}
