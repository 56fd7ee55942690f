using L2LCluster.Learning.Evaluation;
using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Training;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;
using static TorchSharp.torch;

namespace L2LCluster.Testing;

/// <summary>A few meta-iterations of the paper's LSTM on a family, then the trained optimizer on held-out problems: the smoke test of a new family.</summary>
public static class ShortMetaTraining
{
    /// <param name="family">The family meta-trained on (2 problems, unroll 2 of horizon 4).</param>
    /// <param name="options">Its options, for the family's default spec.</param>
    /// <param name="heldOut">The family the trained optimizer then runs 3 steps on (2 held-out problems), e.g. its test split.</param>
    public static (IReadOnlyList<MetaIterationReport> Reports, bool PhiMoved, double HeldOutSum) Run(IProblemFamily family, ProblemOptions options, IProblemFamily heldOut, int iterations)
    {
        var spec = TrainingSpecs.ForFamily(family, options) with { Iterations = iterations, Unroll = 2, Horizon = 4, Problems = 2 };
        using var trainer = new MetaTrainer(spec, family, CPU);
        var initial = (float[])trainer.Phi.Clone();
        var reports = Enumerable.Range(0, spec.Iterations).Select(_ => trainer.Step()).ToArray();
        var curves = OptimizationRun.Run(heldOut, ProblemSets.HeldOut(1, 2), new LearnedOptimizerFactory(trainer.ToModel()), 3, CPU);
        return (reports, !initial.SequenceEqual(trainer.Phi), curves.SumOverSteps);
    }
}
