namespace L2LCluster.Runs.Specs;

[GenerateSerializer]
public enum QuadraticDistribution
{
    /// <summary>The paper's W, y with IID standard normal entries.</summary>
    Gaussian,

    /// <summary>The official code's W, y uniform in [0, 1).</summary>
    Uniform,
}
