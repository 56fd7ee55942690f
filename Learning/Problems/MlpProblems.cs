using L2LCluster.Learning.Data;
using L2LCluster.Learning.Randomness;
using L2LCluster.Runs;
using L2LCluster.Runs.Optimizers;
using L2LCluster.Runs.Specs;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Problems;

/// <summary>
/// The paper's MNIST optimizee (§3.2): a multilayer perceptron from the 784 pixels through sigmoid (ReLU or tanh)
/// hidden layers to 10 logits, trained on the mean softmax cross-entropy of a fresh minibatch every step. θ holds,
/// layer by layer, W [in, out] then b [out]; θ₀ ~ N(0, 0.01²) or fan-in uniform
/// (<see cref="OptimizeeInitialization"/>). Minibatches are drawn with replacement from the
/// problem seed and the step number alone, so a problem sees the same data whichever worker and batch it runs in.
/// </summary>
public sealed class MlpProblems : IProblemFamily, IParameterLayout
{
    public const string FamilyName = "mnist-mlp";

    /// <summary>28 × 28 pixels, the image size of MNIST and Fashion-MNIST.</summary>
    public const int InputSize = 784;

    public const int MaxHiddenUnits = 4096;
    public const int MaxHiddenLayers = 8;
    public const int MaxMinibatchSize = 60_000;

    /// <summary>Separates the minibatch stream from other uses of a problem seed.</summary>

    private readonly int[] _layerSizes;
    private readonly long[] _segmentLengths;

    public MlpProblems(ProblemOptions? options = null)
    {
        DataDirectory = options?.DataDirectory ?? MnistDataset.FashionMnistDirectory;
        HiddenUnits = [.. options?.HiddenUnits ?? [20]];
        Activation = options?.Activation ?? Activation.Sigmoid;
        MinibatchSize = options?.MinibatchSize ?? 128;
        Split = options?.Split ?? DataSplit.Train;
        Initialization = options?.Initialization ?? OptimizeeInitialization.Gaussian;

        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new InvalidSettingException(SpecFields.DataDirectory, "the data folder must not be empty.");
        }

        if (HiddenUnits.Count is < 1 or > MaxHiddenLayers)
        {
            throw new InvalidSettingException(SpecFields.HiddenUnits, $"the network needs 1 to {MaxHiddenLayers} hidden layers; got {HiddenUnits.Count}.");
        }

        foreach (var units in HiddenUnits)
        {
            if (units is < 1 or > MaxHiddenUnits)
            {
                throw new InvalidSettingException(SpecFields.HiddenUnits, $"every hidden layer needs 1 to {MaxHiddenUnits} units; got {units}.");
            }
        }

        if (!Enum.IsDefined(Activation))
        {
            throw new InvalidSettingException(SpecFields.Activation, $"the activation must be sigmoid, relu or tanh; got {Activation}.");
        }

        if (MinibatchSize is < 1 or > MaxMinibatchSize)
        {
            throw new InvalidSettingException(SpecFields.MinibatchSize, $"the minibatch size must be between 1 and {MaxMinibatchSize}; got {MinibatchSize}.");
        }

        InvalidSettingException.ThrowUnless(Enum.IsDefined(Initialization), SpecFields.OptimizeeInitialization, $"must be gaussian or fan-in; got {Initialization}.");
        if (!Enum.IsDefined(Split))
        {
            throw new InvalidSettingException(SpecFields.Split, $"the split must be train or test; got {Split}.");
        }

        _layerSizes = [InputSize, .. HiddenUnits, MnistDataset.ClassCount];
        var coordinates = 0L;
        for (var layer = 0; layer + 1 < _layerSizes.Length; layer++)
        {
            coordinates += ((long)_layerSizes[layer] + 1) * _layerSizes[layer + 1];
        }

        if (coordinates > int.MaxValue)
        {
            throw new InvalidSettingException(SpecFields.HiddenUnits, $"the network [{string.Join(", ", HiddenUnits)}] has {coordinates} parameters, more than {int.MaxValue}.");
        }

        CoordinatesPerProblem = (int)coordinates;
        var segments = new List<ParameterSegment>();
        var start = 0;
        for (var layer = 0; layer + 1 < _layerSizes.Length; layer++)
        {
            segments.Add(new ParameterSegment($"fc{layer + 1}.weight", start, _layerSizes[layer] * _layerSizes[layer + 1]));
            start += _layerSizes[layer] * _layerSizes[layer + 1];
            segments.Add(new ParameterSegment($"fc{layer + 1}.bias", start, _layerSizes[layer + 1]));
            start += _layerSizes[layer + 1];
        }

        Segments = segments;
        _segmentLengths = [.. segments.Select(segment => (long)segment.Length)];
    }

    public string Name => FamilyName;

    public string DataDirectory { get; }

    public IReadOnlyList<int> HiddenUnits { get; }

    public Activation Activation { get; }

    public int MinibatchSize { get; }

    public DataSplit Split { get; }

    public OptimizeeInitialization Initialization { get; }

    public int CoordinatesPerProblem { get; }

    /// <summary>
    /// A problem's working memory: its minibatch's images and every layer's activations with their gradients, θ, its
    /// gradient and an optimizer's state, in float32.
    /// </summary>
    public int? ProblemsAtOnce => ProblemMemory.ProblemsWithin(sizeof(float) * (((long)MinibatchSize * (InputSize + (2L * _layerSizes.Skip(1).Sum()))) + (6L * CoordinatesPerProblem)));

    /// <summary>Layer by layer, fcK.weight [in × out] then fcK.bias [out], as θ holds them.</summary>
    public IReadOnlyList<ParameterSegment> Segments { get; }

    /// <summary>
    /// The paper's optimizer for MNIST: log-and-sign preprocessing with p = 10 and output scale 0.1. The official
    /// code trained it with k = 5 and scale 0.01 instead; users who want to reproduce that override both.
    /// </summary>
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
        var data = MnistDataset.Load(DataDirectory);
        var split = data.Split(Split);
        if (split.PixelsPerImage != InputSize)
        {
            throw new InvalidSettingException(SpecFields.DataDirectory, $"the images in '{data.Directory}' are {split.Rows} × {split.Columns}; {FamilyName} needs 28 × 28 ({InputSize} pixels).");
        }

        var count = problemSeeds.Count;
        var seeds = problemSeeds.ToArray();
        var initial = new float[checked(count * CoordinatesPerProblem)];
        for (var problem = 0; problem < count; problem++)
        {
            InitialParameters(new DeterministicRandom(seeds[problem]), initial.AsSpan(problem * CoordinatesPerProblem, CoordinatesPerProblem));
        }

        return new ImageClassificationBatch(seeds, CoordinatesPerProblem, MinibatchSize, split.OnDevice(device), split.Count, tensor(initial, [count, CoordinatesPerProblem], device: device), Logits);
    }

    private void InitialParameters(DeterministicRandom random, Span<float> parameters)
    {
        if (Initialization == OptimizeeInitialization.Gaussian)
        {
            random.FillGaussian(parameters, 0.0, 0.01);
            return;
        }

        var offset = 0;
        for (var layer = 0; layer + 1 < _layerSizes.Length; layer++)
        {
            var count = (_layerSizes[layer] + 1) * _layerSizes[layer + 1];
            var bound = 1.0 / Math.Sqrt(_layerSizes[layer]);
            random.FillUniform(parameters.Slice(offset, count), -bound, bound);
            offset += count;
        }
    }

    /// <summary>
    /// Every problem's MLP at once, as batched matrix products over slices of θ's rows. With copies of the problems (one
    /// per learning rate of a grid search), the first layer is one product per distinct problem for all its copies:
    /// [minibatch, 784] × [784, copies × units], where one per copy would read the same images again for 20 columns.
    /// </summary>
    private Tensor Logits(Tensor parameters, Tensor images, int copies)
    {
        var problems = parameters.shape[0];
        var distinct = problems / copies;
        var activations = images.view(distinct, MinibatchSize, InputSize);

        // Split, not narrowed: the backward pass of a split is one concatenation of the pieces' gradients, where every
        // narrow's would fill a zero tensor as wide as θ and add its piece in.
        var pieces = parameters.split(_segmentLengths, 1);
        for (var layer = 0; layer + 1 < _layerSizes.Length; layer++)
        {
            var (inputs, outputs) = (_layerSizes[layer], _layerSizes[layer + 1]);
            var (weights, biases) = (pieces[2 * layer], pieces[(2 * layer) + 1].unsqueeze(1));

            // Not baddbmm: TorchSharp 0.107 hands its operands to libtorch rotated (the receiver becomes batch1).
            activations = layer == 0 && copies > 1
                ? bmm(activations, weights.reshape(copies, distinct, inputs, outputs).permute(1, 2, 0, 3).reshape(distinct, inputs, copies * outputs))
                    .view(distinct, MinibatchSize, copies, outputs).permute(2, 0, 1, 3).reshape(problems, MinibatchSize, outputs).add_(biases)
                : bmm(activations, weights.reshape(problems, inputs, outputs)).add_(biases);
            if (layer + 2 < _layerSizes.Length)
            {
                activations = Activation.Apply(activations);
            }
        }

        return activations;
    }
}
