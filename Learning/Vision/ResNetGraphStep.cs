using L2LCluster.Learning.Vision.Onnx;
using L2LCluster.Runs;
using TorchSharp;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Vision;

/// <summary>
/// One node of an ONNX image graph as a TorchSharp function of its inputs. Only the operators of a ResNet are known
/// (Conv, BatchNormalization, Relu, MaxPool, Add, AveragePool); any other makes the file foreign. A convolution whose
/// output only a batch norm reads is one step with the batch norm folded into its weights and bias.
/// </summary>
internal sealed record ResNetGraphStep(string Output, IReadOnlyList<string> Inputs, Func<Tensor[], Tensor> Apply)
{
    public static IReadOnlyList<ResNetGraphStep> Compile(OnnxWeights file, Device device)
    {
        var nodes = file.Graph.Node;
        var readers = nodes.SelectMany(node => node.Input).GroupBy(name => name, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);
        var folded = new HashSet<NodeProto>();
        var steps = new List<ResNetGraphStep>();
        foreach (var node in nodes)
        {
            if (folded.Contains(node))
            {
                continue;
            }

            var input = node.Input[0];
            switch (node.OpType)
            {
                case "Conv":
                    var norm = nodes.FirstOrDefault(next => next.OpType == "BatchNormalization" && next.Input[0] == node.Output[0]);
                    if (norm is not null && readers[node.Output[0]] == 1)
                    {
                        folded.Add(norm);
                    }
                    else
                    {
                        norm = null;
                    }

                    steps.Add(Convolution(file, node, norm, device));
                    break;
                case "BatchNormalization":
                    var (scale, shift) = NormAffine(file, node);
                    var (scaleTensor, shiftTensor) = (OnDevice(scale, [1, scale.Length, 1, 1], device), OnDevice(shift, [1, shift.Length, 1, 1], device));
                    steps.Add(new(node.Output[0], [input], x => x[0].mul(scaleTensor).add(shiftTensor)));
                    break;
                case "Relu":
                    steps.Add(new(node.Output[0], [input], x => x[0].relu()));
                    break;
                case "Add":
                    steps.Add(new(node.Output[0], [input, node.Input[1]], x => x[0].add(x[1])));
                    break;
                case "MaxPool":
                    var (kernel, stride, pads) = (Ints(node, "kernel_shape"), Ints(node, "strides", 1, 1), Ints(node, "pads", 0, 0, 0, 0));
                    steps.Add(new(node.Output[0], [input], x => nn.functional.max_pool2d(Pad(x[0], pads, double.NegativeInfinity), kernel, stride)));
                    break;
                case "AveragePool":
                    var (poolKernel, poolStride) = (Ints(node, "kernel_shape"), Ints(node, "strides", 1, 1));
                    InvalidSettingException.ThrowUnless(Ints(node, "pads", 0, 0, 0, 0).All(pad => pad == 0), OnnxWeights.Setting, $"'{file.Path}': padded average pooling ({node.Name}) is not supported.");
                    steps.Add(new(node.Output[0], [input], x => nn.functional.avg_pool2d(x[0], poolKernel, poolStride)));
                    break;
                default:
                    throw new InvalidSettingException(OnnxWeights.Setting, $"'{file.Path}' has a {node.OpType} node ({node.Name}); a ResNet graph has only Conv, BatchNormalization, Relu, MaxPool, Add and AveragePool.");
            }
        }

        return steps;
    }

    private static ResNetGraphStep Convolution(OnnxWeights file, NodeProto node, NodeProto? norm, Device device)
    {
        InvalidSettingException.ThrowUnless(Ints(node, "group", 1).Single() == 1 && Ints(node, "dilations", 1, 1).All(d => d == 1), OnnxWeights.Setting, $"'{file.Path}': grouped or dilated convolutions ({node.Name}) are not supported.");
        var (shape, weights) = file.Initializer(node.Input[1]);
        var outputs = (int)shape[0];
        var perOutput = weights.Length / outputs;
        var bias = node.Input.Count > 2 && node.Input[2].Length > 0 ? file.Initializer(node.Input[2]).Values : new float[outputs];
        if (norm is not null)
        {
            var (scale, shift) = NormAffine(file, norm);
            for (var channel = 0; channel < outputs; channel++)
            {
                for (var k = 0; k < perOutput; k++)
                {
                    weights[channel * perOutput + k] *= scale[channel];
                }

                bias[channel] = bias[channel] * scale[channel] + shift[channel];
            }
        }

        var weight = OnDevice(weights, shape, device);
        var biasTensor = OnDevice(bias, [outputs], device);
        var stride = Ints(node, "strides", 1, 1);
        var pads = Ints(node, "pads", 0, 0, 0, 0);
        return new((norm ?? node).Output[0], [node.Input[0]], x => nn.functional.conv2d(Pad(x[0], pads, 0.0), weight, biasTensor, stride));
    }

    /// <summary>Inference batch norm as y = scale·x + shift per channel: scale = γ/√(σ² + ε), shift = β − scale·μ.</summary>
    private static (float[] Scale, float[] Shift) NormAffine(OnnxWeights file, NodeProto norm)
    {
        var gamma = file.Initializer(norm.Input[1]).Values;
        var beta = file.Initializer(norm.Input[2]).Values;
        var mean = file.Initializer(norm.Input[3]).Values;
        var variance = file.Initializer(norm.Input[4]).Values;
        var epsilon = norm.Attribute.FirstOrDefault(attribute => attribute.Name == "epsilon")?.F ?? 1e-5f;
        var scale = new float[gamma.Length];
        var shift = new float[gamma.Length];
        for (var channel = 0; channel < gamma.Length; channel++)
        {
            scale[channel] = (float)(gamma[channel] / Math.Sqrt(variance[channel] + (double)epsilon));
            shift[channel] = beta[channel] - scale[channel] * mean[channel];
        }

        return (scale, shift);
    }

    /// <summary>ONNX pads are [top, left, bottom, right]; CNTK exports stride-2 layers with less padding at the end.</summary>
    private static Tensor Pad(Tensor x, long[] pads, double value) =>
        pads.All(pad => pad == 0) ? x : nn.functional.pad(x, [pads[1], pads[3], pads[0], pads[2]], PaddingModes.Constant, value);

    private static long[] Ints(NodeProto node, string name, params long[] fallback) =>
        node.Attribute.FirstOrDefault(attribute => attribute.Name == name) is { Ints.Count: > 0 } found ? [.. found.Ints]
        : node.Attribute.FirstOrDefault(attribute => attribute.Name == name) is { } single ? [single.I]
        : fallback;

    private static Tensor OnDevice(float[] values, long[] shape, Device device) => tensor(values, shape, device: device).DetachFromDisposeScope();
}
