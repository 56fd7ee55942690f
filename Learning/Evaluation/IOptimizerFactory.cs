using static TorchSharp.torch;

namespace L2LCluster.Learning.Evaluation;

/// <summary>Makes fresh <see cref="IUpdateRule"/>s, one per optimization run, so every run starts from zero state.</summary>
public interface IOptimizerFactory
{
    /// <summary>A name for tables and plots, e.g. "LSTM" or "Adam".</summary>
    string Name { get; }

    /// <summary>The learning rate of a hand-designed optimizer; null for a learned one.</summary>
    double? LearningRate { get; }

    IUpdateRule Create(Device device);
}
