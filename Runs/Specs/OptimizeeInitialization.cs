namespace L2LCluster.Runs.Specs;

/// <summary>How a network optimizee's θ₀ is drawn.</summary>
[GenerateSerializer]
public enum OptimizeeInitialization
{
    /// <summary>Every weight and bias ~ N(0, 0.01²): the official code's MNIST and CIFAR networks.</summary>
    Gaussian,

    /// <summary>
    /// Every weight and bias of a layer ~ U(−1/√fan_in, 1/√fan_in): PyTorch's nn.Linear default, which the AdrienLE
    /// reproduction's MNIST networks used. Its hidden units differ from the first step, where N(0, 0.01²) starts all
    /// sigmoid units at ½ with near-zero gradients below the output layer.
    /// </summary>
    FanIn,
}
