using L2LCluster.Learning.Problems;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Tests;

/// <summary>The paper's conv net on Fashion-MNIST (mnist-conv), and its hyperparameters drawn by a task mixture.</summary>
public sealed class FashionMnistConvNetTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public FashionMnistConvNetTests() => IdxWriter.WriteDataset(_folder.Path, trainCount: 40, testCount: 16);

    public void Dispose() => _folder.Dispose();

    private ProblemOptions Options => new() { DataDirectory = _folder.Path, MinibatchSize = 4 };

    [Fact]
    public void TheNetHasOneInputChannelAndThreeByThreeFeaturesAfterThreePoolings()
    {
        var family = (ConvNetProblems)ProblemCatalog.BuiltIn().Create("mnist-conv", Options);

        Assert.Equal("mnist-conv", family.Name);
        Assert.Equal([400, 16, 6400, 16, 6400, 16, 144 * 32, 32, 320, 10], family.Segments.Select(segment => segment.Length));
        Assert.Equal(family.CoordinatesPerProblem, family.Segments[^1].Offset + family.Segments[^1].Length);
    }

    [Fact]
    public void TheChannelsOptionSetsTheWidthOfEveryConvolution()
    {
        var family = new ConvNetProblems(Options with { ConvolutionChannels = 4 }, ConvNetData.FashionMnist);

        Assert.Equal([100, 4, 400, 4, 400, 4, 36 * 32, 32, 320, 10], family.Segments.Select(segment => segment.Length));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(257)]
    public void ChannelsOutsideTheirRangeAreRefusedNamingTheField(int channels)
    {
        var error = Assert.Throws<InvalidSettingException>(() => new ConvNetProblems(Options with { ConvolutionChannels = channels }, ConvNetData.FashionMnist));

        Assert.Equal(SpecFields.ConvolutionChannels, error.Setting);
        Assert.Contains($"1 to 256 channels; got {channels}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EachProblemOfABatchHasTheLossItHasAloneAndTheTanhNetDiffersFromTheReluNet()
    {
        var family = new ConvNetProblems(Options with { ConvolutionChannels = 4, Activation = Activation.Tanh }, ConvNetData.FashionMnist);
        var relu = new ConvNetProblems(Options with { ConvolutionChannels = 4 }, ConvNetData.FashionMnist);
        var seeds = ProblemSets.HeldOut(3, 3);
        using var together = family.Sample(seeds, CPU);
        using var reluBatch = relu.Sample(seeds, CPU);

        var losses = together.Losses(together.InitialParameters()).data<float>().ToArray();
        var reluLosses = reluBatch.Losses(reluBatch.InitialParameters()).data<float>().ToArray();

        for (var problem = 0; problem < seeds.Length; problem++)
        {
            using var alone = family.Sample([seeds[problem]], CPU);
            Assert.Equal(alone.Losses(alone.InitialParameters()).item<float>(), losses[problem], 4);
        }

        Assert.All(losses, loss => Assert.InRange(loss, 1.5, 3.5));
        Assert.NotEqual(reluLosses, losses);
    }

    [Fact]
    public void TheLearnedOptimizerMetaTrainsOnItAndEvaluatesOnTheTestSplit()
    {
        var options = Options with { ConvolutionChannels = 4 };

        var (reports, phiMoved, heldOutSum) = ShortMetaTraining.Run(
            new ConvNetProblems(options, ConvNetData.FashionMnist), options, new ConvNetProblems(options with { Split = DataSplit.Test }, ConvNetData.FashionMnist), iterations: 3);

        Assert.All(reports, report => Assert.True(report.Applied && double.IsFinite(report.MetaLoss), $"iteration {report.Iteration}: meta-loss {report.MetaLoss}"));
        Assert.True(phiMoved);
        Assert.True(double.IsFinite(heldOutSum));
    }

    [Fact]
    public void AMixtureDrawsEachConvNetsChannelsAndActivationFromItsSeedAndPadsToTheWidest()
    {
        var mixture = new TaskMixture(
        [
            new MixtureComponent { Family = "mnist-conv", Channels = [2, 6], Activations = [Activation.Relu, Activation.Tanh], MinibatchSize = [2, 4] },
            new MixtureComponent { Family = "mnist-mlp", HiddenWidth = [3, 5] },
        ]);
        var family = new MixtureFamily(mixture, Options, ProblemCatalog.BuiltIn());
        var seeds = ProblemSets.Training(1, 0, 0, 200);

        var convs = seeds.Select(family.FamilyOf).OfType<ConvNetProblems>().ToArray();

        Assert.Equal(new ConvNetProblems(Options with { ConvolutionChannels = 6 }, ConvNetData.FashionMnist).CoordinatesPerProblem, family.CoordinatesPerProblem);
        Assert.InRange(convs.Length, 70, 130);
        Assert.Equal([2, 3, 4, 5, 6], convs.Select(conv => conv.Channels).Distinct().Order());
        Assert.Equal([Activation.Relu, Activation.Tanh], convs.Select(conv => conv.Activation).Distinct().Order());
        Assert.Equal([2, 3, 4], convs.Select(conv => conv.MinibatchSize).Distinct().Order());
        Assert.Equal(convs.Select(conv => conv.Channels), seeds.Select(new MixtureFamily(mixture, Options, ProblemCatalog.BuiltIn()).FamilyOf).OfType<ConvNetProblems>().Select(conv => conv.Channels));

        using var batch = family.Sample(seeds.Take(6).ToArray(), CPU);
        using var losses = batch.Losses(batch.InitialParameters());
        Assert.All(losses.data<float>().ToArray(), loss => Assert.True(float.IsFinite(loss)));
    }

    [Fact]
    public void ChannelsOnAFamilyWithoutConvolutionsAreRefusedNamingTheComponentsField()
    {
        var mixture = new TaskMixture([new MixtureComponent { Family = "mnist-mlp", Channels = [2, 6] }]);

        var error = Assert.Throws<InvalidSettingException>(() => mixture.Validate());

        Assert.Equal($"{SpecFields.MixtureComponents}[0].channels", error.Setting);
        Assert.Contains("does not apply to mnist-mlp", error.Message, StringComparison.Ordinal);
    }
}
