namespace L2LCluster.Learning.Problems;

/// <summary>
/// Family-specific settings from the command line or a run spec; null means the family's default. A family
/// rejects (with <see cref="InvalidSettingException"/>) any value outside its range.
/// </summary>
public sealed record ProblemOptions
{
    /// <summary>quadratic: the dimension of θ (10).</summary>
    public int? Dimensions { get; init; }

    /// <summary>quadratic: where W and y come from (the paper's Gaussian).</summary>
    public QuadraticDistribution? Distribution { get; init; }

    /// <summary>mnist-mlp: the folder with the IDX files (Fashion-MNIST's Debian package folder).</summary>
    public string? DataDirectory { get; init; }

    /// <summary>mnist-mlp: units per hidden layer ([20]).</summary>
    public IReadOnlyList<int>? HiddenUnits { get; init; }

    /// <summary>mnist-mlp: the hidden activation (sigmoid).</summary>
    public Activation? Activation { get; init; }

    /// <summary>mnist-mlp: examples per minibatch (128).</summary>
    public int? MinibatchSize { get; init; }

    /// <summary>mnist-mlp: how θ₀ is drawn (the official code's N(0, 0.01²)).</summary>
    public OptimizeeInitialization? Initialization { get; init; }

    /// <summary>mnist-mlp: which split the optimizee trains on (train for meta-training, test for evaluation).</summary>
    public DataSplit? Split { get; init; }

    /// <summary>neural-art: the side of the image optimized (64).</summary>
    public int? ImageSize { get; init; }

    /// <summary>neural-art: the style image, a path or a file of the content folder (The Starry Night).</summary>
    public string? StyleFile { get; init; }

    /// <summary>neural-art: the folder of content photographs (opencv-doc's).</summary>
    public string? ContentDirectory { get; init; }

    /// <summary>neural-art: λ, the weight of the style loss.</summary>
    public double? StyleWeight { get; init; }

    /// <summary>neural-art: the ONNX file of the pretrained ResNet-18 (the restored NuGet package's).</summary>
    public string? NetworkFile { get; init; }
}
