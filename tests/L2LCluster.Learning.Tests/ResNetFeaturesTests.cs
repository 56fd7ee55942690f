using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Vision;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Tests;

/// <summary>The TorchSharp ResNet-18 against ONNX Runtime on the package's own file, and its refusals of other files.</summary>
public sealed class ResNetFeaturesTests : IDisposable
{
    private const int Side = 224;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void ReproducesOnnxRuntimesOutputOfTheSameFileOnARealPhotograph()
    {
        var photograph = RgbImage.Load(Path.Combine(NeuralArtProblems.DefaultContentDirectory, "fruits.jpg"), "test", out _).CentreSquare().Resize(Side, Side);
        var network = ResNetFeatures.Load(null, CPU);
        using var scope = NewDisposeScope();
        var normalized = network.Normalize(tensor(photograph.Pixels, [1, 3, Side, Side])).contiguous();

        var ours = network.ForwardNormalized(normalized, [ResNetBlock.Output])[0].flatten().data<float>().ToArray();
        var reference = RunOnnxRuntime(ResNet18Package.Locate(), normalized.data<float>().ToArray(), [1, 3, Side, Side]);

        Assert.Equal(512, reference.Length);
        Assert.Equal(reference.Length, ours.Length);
        var difference = Math.Sqrt(ours.Zip(reference, (a, b) => (double)(a - b) * (a - b)).Sum());
        var norm = Math.Sqrt(reference.Sum(value => (double)value * value));
        Assert.True(norm > 1.0, $"the reference features are all but zero (norm {norm})");
        Assert.True(difference / norm <= 1e-4, $"relative error {difference / norm:G3}");
    }

    [Fact]
    public void NormalizesAsThePackagesPreprocessingModelDoesOnAverage()
    {
        var preprocess = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(ResNet18Package.Locate()))!, "ResNetPrepOnnx", "ResNetPreprocess.onnx");

        // The model subtracts its mean image from BGR 0–255 pixels: on black pixels it returns minus that image.
        var minusMean = RunOnnxRuntime(preprocess, new float[3 * Side * Side], [1, 3, Side, Side]);

        var plane = Side * Side;
        for (var channel = 0; channel < 3; channel++)
        {
            Assert.Equal(ResNetFeatures.BgrMeans[channel], -minusMean.AsSpan(channel * plane, plane).ToArray().Average(), 3);
        }
    }

    [Fact]
    public void AMissingFileIsRefusedInOneLineNamingIt()
    {
        var path = Path.Combine(_folder.Path, "absent.onnx");

        var error = Assert.Throws<InvalidSettingException>(() => ResNetFeatures.Load(path, CPU));

        Assert.Equal(SpecFields.NetworkFile, error.Setting);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("not-onnx")]
    [InlineData("other-graph")]
    public void AForeignFileIsRefusedInOneLineNamingIt(string kind)
    {
        var path = Path.Combine(_folder.Path, kind + ".onnx");
        if (kind == "not-onnx")
        {
            File.WriteAllBytes(path, File.ReadAllBytes(Path.Combine(NeuralArtProblems.DefaultContentDirectory, "fruits.jpg")));
        }
        else
        {
            File.Copy(Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(ResNet18Package.Locate()))!, "ResNetPrepOnnx", "ResNetPreprocess.onnx"), path);
        }

        var error = Assert.Throws<InvalidSettingException>(() => ResNetFeatures.Load(path, CPU));

        Assert.Equal(SpecFields.NetworkFile, error.Setting);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    private static float[] RunOnnxRuntime(string model, float[] input, int[] shape)
    {
        using var session = new InferenceSession(model);
        var name = session.InputMetadata.Keys.Single();
        using var outputs = session.Run([NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(input, shape))]);
        return [.. outputs.Single().AsEnumerable<float>()];
    }
}
