using System.Collections.Immutable;

namespace L2LCluster.Runs.Specs;

/// <summary>
/// Family-specific settings from the command line or a run spec; null means the family's default. A family
/// rejects (with <see cref="InvalidSettingException"/> naming the field, see <see cref="SpecFields"/>) any value
/// outside its range. Two options are equal when their JSON is.
/// </summary>
[GenerateSerializer, Immutable, Alias("l2l.ProblemOptions")]
public sealed record ProblemOptions
{
    /// <summary>quadratic: the dimension of θ (10).</summary>
    [Id(0)]
    public int? Dimensions { get; init; }

    /// <summary>quadratic: where W and y come from (the paper's Gaussian).</summary>
    [Id(1)]
    public QuadraticDistribution? Distribution { get; init; }

    /// <summary>
    /// The data folder. mnist-mlp: the IDX files (Fashion-MNIST's Debian package folder); cifar-conv: the CIFAR-10 binary
    /// files; neural-art: the content photographs, as <see cref="ContentDirectory"/>.
    /// </summary>
    [Id(2)]
    public string? DataDirectory { get; init; }

    /// <summary>mnist-mlp: units per hidden layer ([20]).</summary>
    [Id(3)]
    public ImmutableArray<int>? HiddenUnits { get; init; }

    /// <summary>mnist-mlp: the hidden activation (sigmoid); cifar-conv, mnist-conv: the convolutions' and hidden layer's (relu).</summary>
    [Id(4)]
    public Activation? Activation { get; init; }

    /// <summary>mnist-mlp, cifar-conv, mnist-conv: examples per minibatch (128).</summary>
    [Id(5)]
    public int? MinibatchSize { get; init; }

    /// <summary>mnist-mlp: how θ₀ is drawn (the official code's N(0, 0.01²)).</summary>
    [Id(6)]
    public OptimizeeInitialization? Initialization { get; init; }

    /// <summary>mnist-mlp: which split the optimizee trains on (train for meta-training, test for evaluation).</summary>
    [Id(7)]
    public DataSplit? Split { get; init; }

    /// <summary>neural-art: the side of the image optimized (64).</summary>
    [Id(8)]
    public int? ImageSize { get; init; }

    /// <summary>neural-art: the style image, a path or a file of the content folder (The Starry Night).</summary>
    [Id(9)]
    public string? StyleFile { get; init; }

    /// <summary>neural-art: the folder of content photographs (opencv-doc's); <see cref="DataDirectory"/> may give it instead.</summary>
    [Id(10)]
    public string? ContentDirectory { get; init; }

    /// <summary>neural-art: λ, the weight of the style loss (0.1).</summary>
    [Id(11)]
    public double? StyleWeight { get; init; }

    /// <summary>neural-art: the ONNX file of the pretrained ResNet-18 (the one of the NuGet package that Learning references, looked up at run time).</summary>
    [Id(12)]
    public string? NetworkFile { get; init; }

    /// <summary>
    /// quadratic: [MIN, MAX] of the condition number κ each problem draws (log-uniform, from its seed): W's columns are
    /// scaled by κ^(−j/(2(n−1))), so the curvature along θ's coordinates spans a factor κ. Null keeps W as drawn.
    /// </summary>
    [Id(13)]
    public ImmutableArray<double>? Conditioning { get; init; }

    /// <summary>cifar-conv, mnist-conv: the channels of each of the three convolutions (the paper's 16).</summary>
    [Id(14)]
    public int? ConvolutionChannels { get; init; }

    public bool Equals(ProblemOptions? other) => other is not null && SpecJson.Serialize(this) == SpecJson.Serialize(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(SpecJson.Serialize(this));
}
