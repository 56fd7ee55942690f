using L2LCluster.Learning.Problems;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Evaluation;

/// <summary>Makes fresh <see cref="IUpdateRule"/>s, one per optimization run, so every run starts from zero state.</summary>
public interface IOptimizerFactory
{
    /// <summary>A name for tables and plots, e.g. "LSTM" or "Adam".</summary>
    string Name { get; }

    /// <summary>The learning rate of a hand-designed optimizer; null for a learned one.</summary>
    double? LearningRate { get; }

    /// <summary>A rule for the problems of <paramref name="family"/> (a learned optimizer with parameter groups routes by its segments).</summary>
    IUpdateRule Create(IProblemFamily family, Device device);
}
