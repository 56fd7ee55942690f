using L2LCluster.Learning.Data;
using L2LCluster.Learning.Vision.Onnx;
using L2LCluster.Runs;
using TorchSharp;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Vision;

/// <summary>
/// ResNet-18 with its ImageNet weights, run by TorchSharp from the graph of an ONNX file (by default the one the ML.NET
/// featurizer package ships, a CNTK export): every node of the graph in order, each convolution with its batch norm
/// folded in (inference statistics), up to the deepest block asked for. Images go in as RGB in [0, 1] and are
/// normalized as the package's preprocessing model does: BGR order, 0–255, minus the mean colour.
/// Loaded once per process, file and device; the weights never require grad, so gradients flow to the images only.
/// </summary>
public sealed class ResNetFeatures
{
    /// <summary>
    /// The channel means (B, G, R) of the mean image of the package's ResNetPreprocess.onnx, which subtracts a 224 × 224
    /// mean image; its average colour applies at any size.
    /// </summary>
    public static readonly IReadOnlyList<float> BgrMeans = [103.06262f, 115.90288f, 123.15163f];

    private static readonly OnceCache<OnnxWeights> Files = new(OnnxWeights.Read);
    private static readonly OnceCache<ResNetFeatures> Loaded = new(key =>
    {
        var separator = key.LastIndexOf('|');
        return new ResNetFeatures(Files.Get(key[..separator]), torch.device(key[(separator + 1)..]));
    });

    private readonly IReadOnlyList<ResNetGraphStep> _steps;
    private readonly Dictionary<ResNetBlock, string> _blockOutputs;
    private readonly string _input;
    private readonly Tensor _means;

    private ResNetFeatures(OnnxWeights file, Device device)
    {
        using var scope = NewDisposeScope();
        var graph = file.Graph;
        _input = graph.Input.Select(input => input.Name).FirstOrDefault(name => !file.HasInitializer(name))
            ?? throw new InvalidSettingException(OnnxWeights.Setting, $"'{file.Path}' has no image input.");
        _steps = ResNetGraphStep.Compile(file, device);
        _blockOutputs = BlockOutputs(file);
        _means = tensor(BgrMeans.ToArray(), [1, 3, 1, 1], device: device).DetachFromDisposeScope();
        Path = file.Path;
        Device = device;
    }

    public string Path { get; }

    public Device Device { get; }

    /// <summary>
    /// Reads <paramref name="path"/> (once per process) and checks that it is a ResNet graph with the blocks this class
    /// returns, without libtorch: a missing or foreign file is refused in one line before any work starts.
    /// </summary>
    public static void Check(string path) => BlockOutputs(Files.Get(System.IO.Path.GetFullPath(path)));

    /// <summary>The network of <paramref name="path"/> (null: the package's, <see cref="ResNet18Package.Locate"/>) on <paramref name="device"/>, shared: never dispose what it holds.</summary>
    public static ResNetFeatures Load(string? path, Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return Loaded.Get($"{System.IO.Path.GetFullPath(path ?? ResNet18Package.Locate())}|{device}");
    }

    /// <summary>RGB images in [0, 1], [N, 3, H, W], to the network's input: BGR, 0–255, minus the mean colour.</summary>
    public Tensor Normalize(Tensor rgb)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        return rgb.flip(1).mul(255.0f).sub(_means);
    }

    /// <summary>The activations of <paramref name="blocks"/> (in that order) for RGB images in [0, 1], [N, 3, H, W].</summary>
    public IReadOnlyList<Tensor> Forward(Tensor rgb, IReadOnlyList<ResNetBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        if (rgb.ndim != 4 || rgb.shape[1] != 3 || rgb.shape[2] < 32 || rgb.shape[3] < 32)
        {
            throw new ArgumentException($"ResNet-18 takes RGB images [N, 3, H, W] of at least 32 × 32; got [{string.Join(", ", rgb.shape)}].", nameof(rgb));
        }

        return ForwardNormalized(Normalize(rgb), blocks);
    }

    /// <summary>The activations of <paramref name="blocks"/> for images already normalized (as the ONNX graph's input).</summary>
    public IReadOnlyList<Tensor> ForwardNormalized(Tensor normalized, IReadOnlyList<ResNetBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(normalized);
        ArgumentNullException.ThrowIfNull(blocks);
        var wanted = blocks.Select(block => _blockOutputs[block]).ToHashSet(StringComparer.Ordinal);
        var values = new Dictionary<string, Tensor>(StringComparer.Ordinal) { [_input] = normalized };
        foreach (var step in _steps)
        {
            if (wanted.All(values.ContainsKey))
            {
                break;
            }

            values[step.Output] = step.Apply(step.Inputs.Select(input => values[input]).ToArray());
        }

        return [.. blocks.Select(block => values[_blockOutputs[block]])];
    }

    /// <summary>
    /// Where each block ends in the graph: Conv1 at the first ReLU; stage k (Layer1 … Layer4) at the ReLU after its last
    /// residual addition, a new stage beginning at each addition whose shortcut is a projection (both inputs are batch
    /// norms); Output at the graph's output. A graph without four such stages is not a ResNet.
    /// </summary>
    private static Dictionary<ResNetBlock, string> BlockOutputs(OnnxWeights file)
    {
        var nodes = file.Graph.Node;
        var producers = nodes.SelectMany(node => node.Output.Select(output => (output, node))).ToDictionary(pair => pair.output, pair => pair.node.OpType, StringComparer.Ordinal);
        var outputs = new Dictionary<ResNetBlock, string>();
        var stage = 1;
        foreach (var node in nodes)
        {
            if (node.OpType == "Relu" && !outputs.ContainsKey(ResNetBlock.Conv1))
            {
                outputs[ResNetBlock.Conv1] = node.Output[0];
            }

            if (node.OpType != "Add" || node.Input.Count != 2)
            {
                continue;
            }

            if (node.Input.All(input => producers.GetValueOrDefault(input) == "BatchNormalization"))
            {
                stage++;
            }

            if (stage <= 4 && nodes.FirstOrDefault(next => next.OpType == "Relu" && next.Input[0] == node.Output[0]) is { } relu)
            {
                outputs[ResNetBlock.Layer1 + (stage - 1)] = relu.Output[0];
            }
        }

        if (file.Graph.Output.Count == 1)
        {
            outputs[ResNetBlock.Output] = file.Graph.Output[0].Name;
        }

        InvalidSettingException.ThrowUnless(
            stage == 4 && Enum.GetValues<ResNetBlock>().All(outputs.ContainsKey),
            OnnxWeights.Setting,
            $"'{file.Path}' is not a ResNet graph (a first convolution, four residual stages, one output); it has {stage} stage(s) and {file.Graph.Output.Count} output(s).");
        return outputs;
    }
}
