using L2LCluster.Learning.Evaluation;
using L2LCluster.Learning.Problems;
using L2LCluster.Runs.Optimizers;
using L2LCluster.Runs.Specs;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Experiments;

/// <summary>
/// The evaluation half of an experiment: every case compares the trained optimizers with the baselines, each
/// tuned on training problems (the training split) and all run on the same held-out problems (the test split).
/// </summary>
public static class ExperimentRunner
{
    /// <param name="definition">The experiment.</param>
    /// <param name="models">The trained optimizers, one per <see cref="ExperimentDefinition.Optimizers"/> entry, in order.</param>
    /// <param name="device">Where to run.</param>
    /// <param name="catalog">Where the cases' problem families come from (<see cref="ProblemCatalog.Default"/>).</param>
    /// <param name="progress">Where the runs' progress goes, over every case.</param>
    public static IReadOnlyList<ExperimentCaseResult> Evaluate(
        ExperimentDefinition definition, IReadOnlyList<LearnedOptimizerModel> models, Device device, ProblemCatalog? catalog = null, IProgress<EvaluationProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(models);
        if (models.Count != definition.Optimizers.Count)
        {
            throw new ArgumentException($"Experiment {definition.Name} compares {definition.Optimizers.Count} learned optimizers; got {models.Count}.", nameof(models));
        }

        catalog ??= ProblemCatalog.Default;
        var learned = definition.Optimizers.Zip(models, (optimizer, model) => new LearnedOptimizerFactory(model, Label(optimizer, model))).ToArray();
        var counter = new EvaluationProgressCounter(
            definition.Cases.Sum(experimentCase => EvaluationProgressCounter.WorkOf(learned.Length, definition.Comparison with { Steps = experimentCase.Steps })), progress);
        return [.. definition.Cases.Select(experimentCase =>
        {
            var evaluationFamily = catalog.Create(experimentCase.Problem, experimentCase.Options with { Split = DataSplit.Test });
            var tuningFamily = catalog.Create(experimentCase.Problem, experimentCase.Options with { Split = DataSplit.Train });
            var options = definition.Comparison with { Steps = experimentCase.Steps };
            return new ExperimentCaseResult(experimentCase, OptimizerComparison.Run(learned, evaluationFamily, tuningFamily, options, device, counter));
        })];
    }

    /// <summary>What the results call an optimizer: the experiment's label, unless a file given in its place holds another kind of network.</summary>
    public static string Label(ExperimentOptimizer optimizer, LearnedOptimizerModel model) =>
        model.Architecture.Kind == optimizer.Spec.Architecture.Kind ? optimizer.Label : model.Architecture.KindName;
}
