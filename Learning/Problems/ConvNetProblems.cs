using L2LCluster.Learning.Data;
using L2LCluster.Learning.Randomness;
using L2LCluster.Runs;
using L2LCluster.Runs.Optimizers;
using L2LCluster.Runs.Specs;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Problems;

/// <summary>
/// The paper's CIFAR-10 optimizee (§3.3), on CIFAR-10 (cifar-conv) or Fashion-MNIST (mnist-conv, <see cref="ConvNetData"/>):
/// three convolutions of 16 channels (5 × 5, SAME padding; <see cref="ProblemOptions.ConvolutionChannels"/> sets the
/// channels), each followed by batch normalization (over the minibatch, no learned scale or offset), ReLU (or the
/// options' activation) and 2 × 2 max-pooling (rounding down: 28 → 14 → 7 → 3), then a hidden layer of 32 units and 10
/// logits; mean softmax cross-entropy on a fresh minibatch every step. θ holds the segments conv1.weight, conv1.bias, …,
/// fc1.weight, fc1.bias, fc2.weight, fc2.bias (see <see cref="Segments"/>), θ₀ ~ N(0, 0.01²). The problems of a batch
/// run as one grouped convolution (one group per problem), so every problem keeps its own weights, minibatch and batch
/// statistics.
/// </summary>
public sealed class ConvNetProblems : IProblemFamily, IParameterLayout
{
    public const string FamilyName = MixtureComponent.CifarConvFamily;
    public const int DefaultChannels = 16;
    public const int MaxChannels = MixtureComponent.MaxChannels;
    public const int ConvolutionLayers = 3;
    public const int KernelSize = 5;
    public const int HiddenUnits = 32;

    /// <summary>CIFAR-10's and Fashion-MNIST's ten classes.</summary>
    public const int ClassCount = 10;
    public const int MaxMinibatchSize = 50_000;

    private const double BatchNormEpsilon = 1e-5;

    private readonly ConvNetData _data;
    private readonly int _features;

    /// <param name="options">The family's options (null: every default).</param>
    /// <param name="data">The images (CIFAR-10 when null, the paper's).</param>
    public ConvNetProblems(ProblemOptions? options = null, ConvNetData? data = null)
    {
        _data = data ?? ConvNetData.Cifar10;
        DataDirectory = options?.DataDirectory ?? _data.DefaultDirectory;
        MinibatchSize = options?.MinibatchSize ?? 128;
        Split = options?.Split ?? DataSplit.Train;
        Channels = options?.ConvolutionChannels ?? DefaultChannels;
        Activation = options?.Activation ?? Activation.Relu;
        InvalidSettingException.ThrowUnless(MinibatchSize is >= 1 and <= MaxMinibatchSize, SpecFields.MinibatchSize, $"the minibatch size must be between 1 and {MaxMinibatchSize}; got {MinibatchSize}.");
        InvalidSettingException.ThrowUnless(Enum.IsDefined(Split), SpecFields.Split, $"the split must be train or test; got {Split}.");
        InvalidSettingException.ThrowUnless(Channels is >= 1 and <= MaxChannels, SpecFields.ConvolutionChannels, $"the convolutions need 1 to {MaxChannels} channels; got {Channels}.");
        InvalidSettingException.ThrowUnless(Enum.IsDefined(Activation), SpecFields.Activation, $"the activation must be sigmoid, relu or tanh; got {Activation}.");

        var featureSide = _data.Side >> ConvolutionLayers;
        _features = Channels * featureSide * featureSide;
        var segments = new List<ParameterSegment>();
        var offset = 0;
        void Add(string name, int length)
        {
            segments.Add(new ParameterSegment(name, offset, length));
            offset += length;
        }

        var inputs = _data.Channels;
        for (var layer = 1; layer <= ConvolutionLayers; layer++)
        {
            Add($"conv{layer}.weight", Channels * inputs * KernelSize * KernelSize);
            Add($"conv{layer}.bias", Channels);
            inputs = Channels;
        }

        Add("fc1.weight", _features * HiddenUnits);
        Add("fc1.bias", HiddenUnits);
        Add("fc2.weight", HiddenUnits * ClassCount);
        Add("fc2.bias", ClassCount);
        Segments = segments;
        CoordinatesPerProblem = offset;
    }

    public string Name => _data.FamilyName;

    /// <summary>The data folder: the CIFAR-10 binary files (no default: nothing here ships them) or the IDX files.</summary>
    public string? DataDirectory { get; }

    public int MinibatchSize { get; }

    /// <summary>The channels of every convolution.</summary>
    public int Channels { get; }

    public Activation Activation { get; }

    public DataSplit Split { get; }

    public int CoordinatesPerProblem { get; }

    public IReadOnlyList<ParameterSegment> Segments { get; }

    /// <summary>The official code's CIFAR optimizer settings where the paper gives none: the MNIST ones (p = 10, scale 0.1).</summary>
    public ProblemDefaults Defaults { get; } = new(
        GradientPreprocessing.LogAndSign(GradientPreprocessing.PaperExponent),
        OutputScale: 0.1,
        OptimizerArchitecture.PaperHiddenSizes,
        ParameterInitialization.Uniform,
        ProblemsPerBatch: 1,
        Horizon: 100,
        Unroll: 20,
        MetaLearningRate: 0.001,
        Iterations: 2000);

    public IProblemBatch Sample(IReadOnlyList<ulong> problemSeeds, Device device)
    {
        ArgumentNullException.ThrowIfNull(problemSeeds);
        ArgumentNullException.ThrowIfNull(device);
        var split = _data.Load(DataDirectory, Split);
        var seeds = problemSeeds.ToArray();
        var initial = new float[checked(seeds.Length * CoordinatesPerProblem)];
        for (var problem = 0; problem < seeds.Length; problem++)
        {
            new DeterministicRandom(seeds[problem]).FillGaussian(initial.AsSpan(problem * CoordinatesPerProblem, CoordinatesPerProblem), 0.0, 0.01);
        }

        return new ImageClassificationBatch(seeds, CoordinatesPerProblem, MinibatchSize, split.OnDevice(device), split.Count, tensor(initial, [seeds.Length, CoordinatesPerProblem], device: device), Logits);
    }

    /// <summary>
    /// Every problem's conv net at once: problem p's channels are group p of every convolution. Copies of the problems
    /// each take their own copy of the images (a grouped convolution cannot share its input across groups).
    /// </summary>
    private Tensor Logits(Tensor parameters, Tensor images, int copies)
    {
        var problems = parameters.shape[0];
        if (copies > 1)
        {
            images = images.repeat(copies, 1);
        }

        var minibatch = MinibatchSize;
        var side = _data.Side;

        // [minibatch, problems × channels, side, side].
        var activations = images
            .view(problems, minibatch, _data.Channels, side, side)
            .transpose(0, 1)
            .reshape(minibatch, problems * _data.Channels, side, side);
        var segment = 0;
        Tensor Next(params long[] shape) => parameters.narrow(1, Segments[segment].Offset, Segments[segment++].Length).reshape(shape);
        long inputs = _data.Channels;
        for (var layer = 0; layer < ConvolutionLayers; layer++)
        {
            var weight = Next(problems * Channels, inputs, KernelSize, KernelSize);
            var bias = Next(problems * Channels);
            activations = nn.functional.conv2d(activations, weight, bias, padding: [KernelSize / 2, KernelSize / 2], groups: problems);
            var mean = activations.mean([0, 2, 3], keepdim: true);
            var centered = activations - mean;
            var variance = centered.square().mean([0, 2, 3], keepdim: true);
            activations = nn.functional.max_pool2d(Activation.Apply(centered / (variance + BatchNormEpsilon).sqrt()), [2, 2]);
            inputs = Channels;
        }

        var hidden = activations.reshape(minibatch, problems, _features).transpose(0, 1);
        var fc1Weight = Next(problems, _features, HiddenUnits);
        var fc1Bias = Next(problems, 1, HiddenUnits);
        hidden = Activation.Apply(bmm(hidden, fc1Weight).add(fc1Bias));
        var fc2Weight = Next(problems, HiddenUnits, ClassCount);
        var fc2Bias = Next(problems, 1, ClassCount);
        return bmm(hidden, fc2Weight).add(fc2Bias);
    }
}
