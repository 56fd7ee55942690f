using L2LCluster.Learning.Optimizers;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Evaluation;

public sealed record LearnedOptimizerFactory(LearnedOptimizerModel Model, string Name = "LSTM") : IOptimizerFactory
{
    public double? LearningRate => null;

    public IUpdateRule Create(Device device) => new LearnedUpdateRule(Model, device);
}
