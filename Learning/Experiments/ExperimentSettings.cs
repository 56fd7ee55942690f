namespace L2LCluster.Learning.Experiments;

/// <summary>What a user may change about an experiment without changing what it measures; null keeps the definition's value.</summary>
public sealed record ExperimentSettings
{
    /// <summary>The data folder (mnist, transfer: MNIST-format IDX files, Fashion-MNIST by default; cifar: CIFAR-10 binary files; neural-art: content photographs).</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Meta-iterations of every optimizer the experiment trains (reduced runs).</summary>
    public int? Iterations { get; init; }

    /// <summary>Held-out problems per comparison.</summary>
    public int? Trials { get; init; }

    /// <summary>Training problems per learning rate of the baselines' grid search.</summary>
    public int? TuningTrials { get; init; }
}
