using L2LCluster.Learning.Evaluation;
using L2LCluster.Learning.Problems;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Baselines;

/// <summary>
/// A hand-designed optimizer at several learning rates in one run: the problems' rows are one copy of the problems per
/// rate, one after the other (<see cref="BaselineRules"/>).
/// </summary>
internal sealed record BaselineGrid(BaselineKind Kind, IReadOnlyList<double> LearningRates) : IOptimizerFactory
{
    public string Name => new BaselineOptimizer(Kind, LearningRates[0]).Name;

    double? IOptimizerFactory.LearningRate => null;

    public IUpdateRule Create(IProblemFamily family, Device device) => BaselineRules.Create(Kind, LearningRates);
}
