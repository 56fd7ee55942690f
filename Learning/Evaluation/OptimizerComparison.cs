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
    /// <param name="progress">Counts the runs as they end.</param>
    public static IReadOnlyList<OptimizerEvaluation> Run(
        LearnedOptimizerModel model,
        IProblemFamily evaluationFamily,
        IProblemFamily tuningFamily,
        ComparisonOptions options,
        Device device,
        EvaluationProgressCounter? progress = null) =>
        Run([new LearnedOptimizerFactory(model, model.Architecture.KindName)], evaluationFamily, tuningFamily, options, device, progress);

    /// <summary>Several learned optimizers (named by their factories) against the same tuned baselines.</summary>
    public static IReadOnlyList<OptimizerEvaluation> Run(
        IReadOnlyList<LearnedOptimizerFactory> learned,
        IProblemFamily evaluationFamily,
        IProblemFamily tuningFamily,
        ComparisonOptions options,
        Device device,
        EvaluationProgressCounter? progress = null)
    {
        ArgumentNullException.ThrowIfNull(learned);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        progress ??= EvaluationProgressCounter.None;
        var heldOut = ProblemSets.HeldOut(options.Seed, options.Trials);
        var tuning = ProblemSets.Tuning(options.Seed, options.TuningTrials);
        var results = learned
            .Select(optimizer => new OptimizerEvaluation(optimizer.Name, null, HeldOutRun(evaluationFamily, heldOut, optimizer, options.Steps, device, progress)))
            .ToList();
        foreach (var kind in options.Baselines.Distinct())
        {
            var tuned = LearningRateSearch.Tune(tuningFamily, kind, tuning, options.Steps, options.TuneBy, device, options.LearningRateGrid, progress);
            var curves = HeldOutRun(evaluationFamily, heldOut, tuned.Optimizer, options.Steps, device, progress);
            results.Add(new OptimizerEvaluation(tuned.Optimizer.Name, tuned.Optimizer.LearningRate, curves));
        }

        return results;
    }

    private static LossCurves HeldOutRun(IProblemFamily family, IReadOnlyList<ulong> heldOut, IOptimizerFactory optimizer, int steps, Device device, EvaluationProgressCounter progress)
    {
        var what = $"{optimizer.Name} (held-out)";
        progress.Starting(what);
        var curves = OptimizationRun.Run(family, heldOut, optimizer, steps, device);
        progress.Finished(heldOut.Count, what);
        return curves;
    }
}
