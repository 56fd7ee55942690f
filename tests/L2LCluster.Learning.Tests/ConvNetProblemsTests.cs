using L2LCluster.Learning.Experiments;
using L2LCluster.Learning.Problems;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Tests;

/// <summary>The paper's CIFAR-10 conv net as a problem family, on CIFAR-format files the tests write.</summary>
public sealed class ConvNetProblemsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public ConvNetProblemsTests() => CifarWriter.WriteDataset(_folder.Path, recordsPerTrainingFile: 8, testRecords: 8);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void TheSegmentsAreThePapersLayersAndCoverThetaOnce()
    {
        var family = new ConvNetProblems(new ProblemOptions { DataDirectory = _folder.Path });

        Assert.Equal(
            ["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "conv3.weight", "conv3.bias", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"],
            family.Segments.Select(segment => segment.Name));
        Assert.Equal([1200, 16, 6400, 16, 6400, 16, 256 * 32, 32, 320, 10], family.Segments.Select(segment => segment.Length));
        Assert.All(family.Segments.Zip(family.Segments.Skip(1)), pair => Assert.Equal(pair.First.Offset + pair.First.Length, pair.Second.Offset));
        Assert.Equal(family.CoordinatesPerProblem, family.Segments[^1].Offset + family.Segments[^1].Length);
    }

    [Fact]
    public void EachProblemOfABatchHasTheLossItHasAlone()
    {
        var family = new ConvNetProblems(new ProblemOptions { DataDirectory = _folder.Path, MinibatchSize = 4 });
        var seeds = ProblemSets.HeldOut(3, 3);
        using var scope = NewDisposeScope();
        using var together = family.Sample(seeds, CPU);

        var losses = together.Losses(together.InitialParameters()).data<float>().ToArray();

        for (var problem = 0; problem < seeds.Length; problem++)
        {
            using var alone = family.Sample([seeds[problem]], CPU);
            Assert.Equal(alone.Losses(alone.InitialParameters()).item<float>(), losses[problem], 4);
        }

        Assert.All(losses, loss => Assert.InRange(loss, 1.5, 3.5));
    }

    [Fact]
    public void TheLearnedOptimizerMetaTrainsOnGeneratedCifarData()
    {
        var options = new ProblemOptions { DataDirectory = _folder.Path, MinibatchSize = 4 };

        var (reports, phiMoved, heldOutSum) = ShortMetaTraining.Run(new ConvNetProblems(options), options, new ConvNetProblems(options with { Split = DataSplit.Test }), iterations: 4);

        Assert.All(reports, report => Assert.True(report.Applied && double.IsFinite(report.MetaLoss), $"iteration {report.Iteration}: meta-loss {report.MetaLoss}"));
        Assert.True(phiMoved);
        Assert.True(double.IsFinite(heldOutSum));
    }

    [Fact]
    public void TheCifarExperimentWithoutDataNamesTheDataFlag()
    {
        var definition = ExperimentCatalog.Create(ExperimentCatalog.Cifar);
        var family = ProblemCatalog.Default.Create(definition.Cases[0].Problem, definition.Cases[0].Options);

        var error = Assert.Throws<InvalidSettingException>(() => family.Sample(ProblemSets.HeldOut(1, 1), CPU));

        Assert.Equal(SpecFields.DataDirectory, error.Setting);
        Assert.Contains("CIFAR-10", error.Message, StringComparison.Ordinal);
    }
}
