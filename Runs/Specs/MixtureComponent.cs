using System.Collections.Immutable;

namespace L2LCluster.Runs.Specs;

/// <summary>
/// One family of a <see cref="TaskMixture"/> with its weight and the ranges its hyperparameters are drawn from, each
/// an inclusive [MIN, MAX] drawn uniformly; a range left out keeps the base problem options' value (or the family's
/// default). mnist-mlp draws <see cref="HiddenWidth"/>, <see cref="Depth"/> (hidden layers, all of the drawn width),
/// <see cref="Activations"/> and <see cref="MinibatchSize"/>; the conv nets (mnist-conv, cifar-conv) draw
/// <see cref="Channels"/>, <see cref="Activations"/> and <see cref="MinibatchSize"/>; quadratic draws
/// <see cref="Dimensions"/>. Any other family of the catalog may be a component without ranges.
/// </summary>
[GenerateSerializer, Immutable, Alias("l2l.MixtureComponent")]
public sealed record MixtureComponent
{
    public const string MlpFamily = "mnist-mlp";
    public const string QuadraticFamily = "quadratic";
    public const string FashionMnistConvFamily = "mnist-conv";
    public const string CifarConvFamily = "cifar-conv";

    /// <summary>The limits of the families themselves, so a bad range is refused naming the mixture's field.</summary>
    public const int MaxHiddenWidth = 4096;
    public const int MaxDepth = 8;
    public const int MaxMinibatchSize = 60_000;
    public const int MaxDimensions = 4096;
    public const int MaxChannels = 256;

    [Id(0)]
    public string Family { get; init; } = "";

    /// <summary>Relative probability of the component (any positive number; the weights need not sum to 1).</summary>
    [Id(1)]
    public double Weight { get; init; } = 1.0;

    [Id(2)]
    public ImmutableArray<int>? HiddenWidth { get; init; }

    [Id(3)]
    public ImmutableArray<int>? Depth { get; init; }

    /// <summary>The activations drawn from, each equally likely.</summary>
    [Id(4)]
    public ImmutableArray<Activation>? Activations { get; init; }

    [Id(5)]
    public ImmutableArray<int>? MinibatchSize { get; init; }

    [Id(6)]
    public ImmutableArray<int>? Dimensions { get; init; }

    /// <summary>quadratic: [MIN, MAX] of the condition number every problem draws (see <see cref="ProblemOptions.Conditioning"/>).</summary>
    [Id(7)]
    public ImmutableArray<double>? Conditioning { get; init; }

    /// <summary>The conv nets: channels of every convolution (see <see cref="ProblemOptions.ConvolutionChannels"/>).</summary>
    [Id(8)]
    public ImmutableArray<int>? Channels { get; init; }

    /// <param name="field">Where the component sits in the spec, e.g. mixture.components[1].</param>
    public void Validate(string field)
    {
        InvalidSettingException.ThrowUnless(!string.IsNullOrWhiteSpace(Family), $"{field}.family", "a family name is required (e.g. mnist-mlp, quadratic).");
        InvalidSettingException.ThrowUnless(Weight > 0 && double.IsFinite(Weight), $"{field}.weight", $"must be a positive finite number; got {Weight}.");
        var isMlp = string.Equals(Family, MlpFamily, StringComparison.OrdinalIgnoreCase);
        var isQuadratic = string.Equals(Family, QuadraticFamily, StringComparison.OrdinalIgnoreCase);
        var isConv = string.Equals(Family, FashionMnistConvFamily, StringComparison.OrdinalIgnoreCase) || string.Equals(Family, CifarConvFamily, StringComparison.OrdinalIgnoreCase);
        CheckRange(HiddenWidth, isMlp, $"{field}.hiddenWidth", MaxHiddenWidth);
        CheckRange(Depth, isMlp, $"{field}.depth", MaxDepth);
        CheckRange(MinibatchSize, isMlp || isConv, $"{field}.minibatchSize", MaxMinibatchSize);
        CheckRange(Dimensions, isQuadratic, $"{field}.dimensions", MaxDimensions);
        CheckRange(Channels, isConv, $"{field}.channels", MaxChannels);
        if (Conditioning is { } conditioning)
        {
            InvalidSettingException.ThrowUnless(isQuadratic, $"{field}.conditioning", $"does not apply to {Family}.");
            QuadraticConditioning.Validate(conditioning, $"{field}.conditioning");
        }
        if (Activations is { } activations)
        {
            InvalidSettingException.ThrowUnless(isMlp || isConv, $"{field}.activations", $"only {MlpFamily}, {FashionMnistConvFamily} and {CifarConvFamily} draw an activation; {Family} has none.");
            InvalidSettingException.ThrowUnless(
                !activations.IsDefaultOrEmpty && activations.All(Enum.IsDefined),
                $"{field}.activations",
                "needs at least one of sigmoid, relu, tanh.");
        }
    }

    private void CheckRange(ImmutableArray<int>? range, bool applies, string field, int max)
    {
        if (range is not { } bounds)
        {
            return;
        }

        InvalidSettingException.ThrowUnless(applies, field, $"does not apply to {Family}.");
        InvalidSettingException.ThrowUnless(!bounds.IsDefault && bounds.Length == 2, field, $"must be [MIN, MAX] with 1 ≤ MIN ≤ MAX ≤ {max}.");
        InvalidSettingException.ThrowUnless(
            bounds[0] >= 1 && bounds[0] <= bounds[1] && bounds[1] <= max,
            field,
            $"must be [MIN, MAX] with 1 ≤ MIN ≤ MAX ≤ {max}; got [{bounds[0]}, {bounds[1]}].");
    }
}
