using L2LCluster.Learning.Data;
using L2LCluster.Learning.Randomness;
using L2LCluster.Learning.Vision;
using L2LCluster.Runs;
using L2LCluster.Runs.Optimizers;
using L2LCluster.Runs.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Problems;

/// <summary>
/// The paper's neural art (§3.4, after Gatys et al.): θ is an S × S RGB image (3·S² coordinates, in [0, 1] for
/// display, unconstrained while optimized), f(θ) = content loss + λ · style loss on ResNet-18's ImageNet features.
/// A problem is drawn from its seed: one content photograph of its split, a random square crop of half to all of its
/// shorter side resized to S × S, and θ₀ that content image (the "init image" of neural-style implementations: in the
/// paper's 128 steps an image started from white noise stays noise); the style image is fixed for the family. Training and
/// held-out problems use disjoint photographs (<see cref="NeuralArtImages"/>). To keep a meta-iteration affordable on a
/// CPU only the first stages of the network are used: content at <see cref="ContentBlock"/>, style at
/// <see cref="StyleBlocks"/> (Gatys et al. used VGG-19's conv4_2 and conv1_1 to conv5_1).
/// </summary>
public sealed class NeuralArtProblems : IProblemFamily
{
    public const string FamilyName = "neural-art";

    public const string DefaultContentDirectory = "/usr/share/doc/opencv-doc/examples/data";

    /// <summary>Van Gogh's The Starry Night, which the paper's figures use.</summary>
    public const string DefaultStyleFile = "starry_night.jpg";

    public const int DefaultSize = 64;
    public const int MinSize = 32;
    public const int MaxSize = 256;

    /// <summary>
    /// λ: with it the style term of a white-noise image is about as large as its content term (at 64 × 64 with The Starry
    /// Night they are near 60 and 5 before weighting), so neither loss is negligible; from the content image, where the
    /// content term starts at 0, the optimizer trades one for the other.
    /// </summary>
    public const double DefaultStyleWeight = 0.1;

    public const ResNetBlock ContentBlock = ResNetBlock.Layer2;

    public static readonly IReadOnlyList<ResNetBlock> StyleBlocks = [ResNetBlock.Conv1, ResNetBlock.Layer1, ResNetBlock.Layer2];

    private static readonly ResNetBlock[] AllBlocks = [.. StyleBlocks.Append(ContentBlock).Distinct()];

    private static readonly OnceCache<Tensor[]> StyleGrams = new(ComputeStyleGrams);

    /// <summary>The field whose folder the content photographs come from, which every refusal about them names.</summary>
    private readonly string _contentField;

    /// <param name="options">
    /// The content photographs come from <see cref="ProblemOptions.ContentDirectory"/> or, as every family that reads
    /// files takes its folder, from <see cref="ProblemOptions.DataDirectory"/> (the experiment's data folder); a
    /// refusal about them names the field that gave the folder.
    /// </param>
    public NeuralArtProblems(ProblemOptions? options = null)
    {
        Size = options?.ImageSize ?? DefaultSize;
        (ContentDirectory, _contentField) = ContentFolder(options);
        StyleWeight = options?.StyleWeight ?? DefaultStyleWeight;
        NetworkFile = options?.NetworkFile is { } network ? Path.GetFullPath(network) : ResNet18Package.Locate();
        Split = options?.Split ?? DataSplit.Train;
        InvalidSettingException.ThrowUnless(Size is >= MinSize and <= MaxSize, SpecFields.ImageSize, $"the image side must be between {MinSize} and {MaxSize} pixels; got {Size}.");
        InvalidSettingException.ThrowUnless(StyleWeight > 0 && double.IsFinite(StyleWeight), SpecFields.StyleWeight, $"must be a positive finite number; got {StyleWeight}.");
        InvalidSettingException.ThrowUnless(Enum.IsDefined(Split), SpecFields.Split, $"the split must be train or test; got {Split}.");
        InvalidSettingException.ThrowUnless(Directory.Exists(ContentDirectory), _contentField, $"the content image folder '{ContentDirectory}' does not exist (Debian's opencv-doc package installs photographs in {DefaultContentDirectory}).");
        var style = options?.StyleFile ?? DefaultStyleFile;
        StyleFile = Path.GetFullPath(File.Exists(style) || Path.IsPathRooted(style) ? style : Path.Combine(ContentDirectory, style));
        InvalidSettingException.ThrowUnless(File.Exists(StyleFile), SpecFields.StyleFile, $"the style image '{style}' is neither a file nor one in the content folder '{ContentDirectory}'.");
        InvalidSettingException.ThrowUnless(File.Exists(NetworkFile), OnnxWeights.Setting, $"the ONNX file '{NetworkFile}' does not exist.");
        ResNetFeatures.Check(NetworkFile);
    }

    public string Name => FamilyName;

    /// <summary>S: the side of the image optimized.</summary>
    public int Size { get; }

    public string ContentDirectory { get; }

    public string StyleFile { get; }

    public double StyleWeight { get; }

    public string NetworkFile { get; }

    public DataSplit Split { get; }

    public int CoordinatesPerProblem => 3 * Size * Size;

    /// <summary>
    /// The paper's settings for this task (§3.4, appendix A): log-and-sign preprocessing with p = 10 and no output scaling,
    /// 128 steps per image unrolled 32 at a time; one image per meta-iteration, as each is a full forward and backward
    /// pass of the network per step.
    /// </summary>
    public ProblemDefaults Defaults { get; } = new(
        GradientPreprocessing.LogAndSign(GradientPreprocessing.PaperExponent),
        OutputScale: 1.0,
        OptimizerArchitecture.PaperHiddenSizes,
        ParameterInitialization.Uniform,
        ProblemsPerBatch: 1,
        Horizon: 128,
        Unroll: 32,
        MetaLearningRate: 0.005,
        Iterations: 1500);

    /// <summary>The style image as the problems see it: its centred square at S × S.</summary>
    public RgbImage StyleImage => RgbImage.Load(StyleFile, SpecFields.StyleFile, out _).CentreSquare().Resize(Size, Size);

    /// <summary>The content image of the problem of <paramref name="seed"/>, which is also its θ₀.</summary>
    public RgbImage Draw(ulong seed)
    {
        var images = NeuralArtImages.Load(ContentDirectory, StyleFile, _contentField).Split(Split);
        var random = new DeterministicRandom(seed);
        var photograph = images[random.NextInt(images.Count)].Image;
        var side = (int)(Math.Min(photograph.Width, photograph.Height) * (0.5 + 0.5 * random.NextDouble()));
        var crop = photograph.Crop(random.NextInt(photograph.Width - side + 1), random.NextInt(photograph.Height - side + 1), side, side);
        return crop.Resize(Size, Size);
    }

    public IProblemBatch Sample(IReadOnlyList<ulong> problemSeeds, Device device)
    {
        ArgumentNullException.ThrowIfNull(problemSeeds);
        ArgumentNullException.ThrowIfNull(device);
        var network = ResNetFeatures.Load(NetworkFile, device);
        var grams = StyleGrams.Get($"{NetworkFile}|{StyleFile}|{Size}|{device}");
        var draws = problemSeeds.Select(Draw).ToArray();
        using var scope = NewDisposeScope();
        var contents = tensor(draws.SelectMany(draw => draw.Pixels).ToArray(), [draws.Length, 3, Size, Size], device: device);
        Tensor contentTargets;
        using (no_grad())
        {
            contentTargets = network.Forward(contents, [ContentBlock])[0].contiguous();
        }

        var initial = contents.reshape(draws.Length, CoordinatesPerProblem).clone();
        return new NeuralArtBatch(network, Size, StyleWeight, contentTargets.DetachFromDisposeScope(), grams, initial.DetachFromDisposeScope());
    }

    /// <summary>The losses of RGB images [N, 3, S, S] on the network: content + λ · style, [N].</summary>
    internal static Tensor Losses(ResNetFeatures network, Tensor images, Tensor contentTargets, IReadOnlyList<Tensor> styleGrams, double styleWeight)
    {
        var activations = network.Forward(images, AllBlocks);
        var content = StyleTransferLoss.Content(activations[Array.IndexOf(AllBlocks, ContentBlock)], contentTargets);
        var style = StyleTransferLoss.Style([.. StyleBlocks.Select(block => activations[Array.IndexOf(AllBlocks, block)])], styleGrams);
        return content.add(style.mul(styleWeight));
    }

    /// <summary>The folder of content photographs and the field it came from; the two fields may not name different folders.</summary>
    private static (string Directory, string Field) ContentFolder(ProblemOptions? options)
    {
        var (content, data) = (options?.ContentDirectory, options?.DataDirectory);
        InvalidSettingException.ThrowUnless(
            content is null || data is null || FullPath(content) == FullPath(data),
            SpecFields.ContentDirectory,
            $"the content photographs are in '{content}' here but in '{data}' as the data folder; give the folder once.");
        return content is not null ? (FullPath(content), SpecFields.ContentDirectory)
            : data is not null ? (FullPath(data), SpecFields.DataDirectory)
            : (DefaultContentDirectory, SpecFields.ContentDirectory);
    }

    private static string FullPath(string directory) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));

    private static Tensor[] ComputeStyleGrams(string key)
    {
        var parts = key.Split('|');
        var (network, size) = (ResNetFeatures.Load(parts[0], torch.device(parts[3])), int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
        var image = RgbImage.Load(parts[1], SpecFields.StyleFile, out _).CentreSquare().Resize(size, size);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var pixels = tensor(image.Pixels, [1, 3, size, size], device: network.Device);
        return [.. network.Forward(pixels, StyleBlocks).Select(block => StyleTransferLoss.Gram(block).DetachFromDisposeScope())];
    }
}
