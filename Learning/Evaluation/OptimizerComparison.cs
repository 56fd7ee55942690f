using L2LCluster.Learning.Problems;
using L2LCluster.Runs.Optimizers;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Evaluation;

/// <summary>
/// The paper's comparison: the learned optimizer and each hand-designed one at its best learning rate (tuned
/// on training problems), all run on the same held-out problems.
/// </summary>
public static class OptimizerComparison
{
    /// <param name="model">The learned optimizer.</param>
    /// <param name="evaluationFamily">The family the held-out problems come from (for MNIST, on the test split).</param>
    /// <param name="tuningFamily">The family the baselines are tuned on (for MNIST, on the training split).</param>
    /// <param name="options">Steps, trials, seeds and baselines.</param>
    /// <param name="device">Where to run.</param>
    public static IReadOnlyList<OptimizerEvaluation> Run(
        LearnedOptimizerModel model,
        IProblemFamily evaluationFamily,
        IProblemFamily tuningFamily,
        ComparisonOptions options,
        Device device) =>
        Run([new LearnedOptimizerFactory(model)], evaluationFamily, tuningFamily, options, device);

    /// <summary>Several learned optimizers (named by their factories) against the same tuned baselines.</summary>
    public static IReadOnlyList<OptimizerEvaluation> Run(
        IReadOnlyList<LearnedOptimizerFactory> learned,
        IProblemFamily evaluationFamily,
        IProblemFamily tuningFamily,
        ComparisonOptions options,
        Device device)
    {
        ArgumentNullException.ThrowIfNull(learned);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var heldOut = ProblemSets.HeldOut(options.Seed, options.Trials);
        var tuning = ProblemSets.Tuning(options.Seed, options.TuningTrials);
        var results = learned
            .Select(optimizer => new OptimizerEvaluation(optimizer.Name, null, OptimizationRun.Run(evaluationFamily, heldOut, optimizer, options.Steps, device)))
            .ToList();
        foreach (var kind in options.Baselines.Distinct())
        {
            var tuned = LearningRateSearch.Tune(tuningFamily, kind, tuning, options.Steps, options.TuneBy, device, options.LearningRateGrid);
            var curves = OptimizationRun.Run(evaluationFamily, heldOut, tuned.Optimizer, options.Steps, device);
            results.Add(new OptimizerEvaluation(tuned.Optimizer.Name, tuned.Optimizer.LearningRate, curves));
        }

        return results;
    }
}
