using L2LCluster.Learning.Optimizers;
using L2LCluster.Learning.Problems;
using L2LCluster.Runs.Optimizers;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Evaluation;

public sealed record LearnedOptimizerFactory(LearnedOptimizerModel Model, string Name = "LSTM") : IOptimizerFactory
{
    public double? LearningRate => null;

    public IUpdateRule Create(IProblemFamily family, Device device) => new LearnedUpdateRule(Model, device, NetworkRouting.For(Model.ParameterGroups, family));
}
