using L2LCluster.Pretrained;
using L2LCluster.Runs.Optimizers;
using L2LCluster.Runs.Storage;
using TorchSharp;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Tests;

/// <summary>The package's trained optimizers are the ones docs/results reports on, and step a model.</summary>
public sealed class PretrainedOptimizersTests
{
    [Theory]
    [InlineData("quadratic", "quadratic")]
    [InlineData("fashion-mnist-mlp", "mnist")]
    public void EachIsTheFileItsResultsWereMeasuredWith(string name, string resultsFolder)
    {
        var optimizer = PretrainedOptimizers.Named(name);

        Assert.Equal(File.ReadAllBytes(RepositoryFiles.Path("docs", "results", resultsFolder, "optimizer.l2lopt")), optimizer.Bytes());
        Assert.Equal(new OptimizerArchitecture([20, 20], GradientPreprocessing.LogAndSign(), 0.1), optimizer.File.Model.Architecture);
    }

    [Fact]
    public void AnUnknownNameListsTheOnesShipped()
    {
        var error = Assert.Throws<ArgumentException>(() => PretrainedOptimizers.Named("resnet"));

        Assert.StartsWith("No pretrained optimizer is named 'resnet'; the package holds quadratic, fashion-mnist-mlp.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheFashionMnistOptimizerLowersAnMlpsLoss()
    {
        torch.manual_seed(4);
        var model = nn.Sequential(nn.Linear(784, 20), nn.Sigmoid(), nn.Linear(20, 10));
        using var optimizer = PretrainedOptimizers.FashionMnistMlp.Create(model.parameters());
        var images = rand(128, 784, generator: new Generator(5));
        var labels = images.narrow(1, 0, 10).argmax(1);
        double Loss() => nn.functional.cross_entropy(model.forward(images), labels).item<float>();
        var before = Loss();

        for (var step = 0; step < 50; step++)
        {
            optimizer.zero_grad();
            nn.functional.cross_entropy(model.forward(images), labels).backward();
            optimizer.step();
        }

        Assert.True(Loss() < 0.9 * before, $"loss went from {before} to {Loss()}");
    }
}
