using Google.Protobuf;
using L2LCluster.Learning.Vision.Onnx;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;

namespace L2LCluster.Learning.Vision;

/// <summary>
/// An ONNX model file read for its graph and weights (the graph's float32 initializers). A file that is missing, not
/// ONNX, or holds no graph is refused in one line naming it, under <see cref="Setting"/>.
/// </summary>
internal sealed class OnnxWeights
{
    private const int FloatDataType = 1;

    private readonly Dictionary<string, TensorProto> _initializers;

    private OnnxWeights(string path, GraphProto graph)
    {
        Path = path;
        Graph = graph;
        _initializers = graph.Initializer.ToDictionary(initializer => initializer.Name, StringComparer.Ordinal);
    }

    /// <summary>The field that names the file.</summary>
    public const string Setting = SpecFields.NetworkFile;

    public string Path { get; }

    public GraphProto Graph { get; }

    public static OnnxWeights Read(string path)
    {
        InvalidSettingException.ThrowUnless(File.Exists(path), Setting, $"the ONNX file '{path}' does not exist.");
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        }
        catch (InvalidProtocolBufferException error)
        {
            throw new InvalidSettingException(Setting, $"'{path}' is not an ONNX model ({error.Message}).");
        }

        InvalidSettingException.ThrowUnless(model.Graph is { Node.Count: > 0 }, Setting, $"'{path}' is not an ONNX model: it holds no graph.");
        return new OnnxWeights(path, model.Graph);
    }

    /// <summary>The initializer's shape and float32 values; a missing or non-float initializer makes the file foreign.</summary>
    public (long[] Shape, float[] Values) Initializer(string name)
    {
        InvalidSettingException.ThrowUnless(_initializers.TryGetValue(name, out var tensor), Setting, $"'{Path}' has no weight named '{name}', which its graph uses.");
        InvalidSettingException.ThrowUnless(tensor!.DataType == FloatDataType, Setting, $"'{Path}': weight '{name}' is of ONNX type {tensor.DataType}, not float32.");
        var shape = tensor.Dims.ToArray();
        var count = shape.Aggregate(1L, (product, dimension) => product * dimension);
        var values = tensor.RawData.Length > 0
            ? System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray()
            : [.. tensor.FloatData];
        InvalidSettingException.ThrowUnless(values.Length == count, Setting, $"'{Path}': weight '{name}' has {values.Length} values for shape [{string.Join(", ", shape)}].");
        return (shape, values);
    }

    public bool HasInitializer(string name) => _initializers.ContainsKey(name);
}
