using L2LCluster.Learning.Optimizers;
using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Training;
using L2LCluster.Runs;
using L2LCluster.Runs.Optimizers;
using L2LCluster.Runs.Specs;
using L2LCluster.Runs.Storage;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Tests;

/// <summary>A run that starts φ from a trained optimizer file (--start-from).</summary>
public sealed class StartingPointTests : IDisposable
{
    private static readonly QuadraticProblems Family = new();
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static MetaTrainingSpec Spec => TrainingSpecs.ForFamily(Family) with { Problems = 4, Iterations = 3, Horizon = 10, Unroll = 5, Seed = 9 };

    private string SaveOptimizer(MetaTrainingSpec spec, ulong seed)
    {
        var path = _folder.File($"optimizer-{seed}.l2lopt");
        var model = new LearnedOptimizerModel(spec.Architecture, spec.Networks().InitialParameters(seed, spec.Initialization));
        OptimizerFile.Save(path, model, new OptimizerFileInfo(spec.Problem, 0, SpecJson.Serialize(spec), DateTimeOffset.UnixEpoch));
        return path;
    }

    [Fact]
    public void ARunStartedFromAnOptimizerFileBeginsWithItsPhi()
    {
        var path = SaveOptimizer(Spec, seed: 77);
        var spec = Spec with { StartFrom = StartingPoint.Of(path) };

        using var trainer = new MetaTrainer(spec, Family, CPU);

        Assert.Equal(OptimizerFile.Load(path).Model.Parameters, trainer.Phi);
        Assert.NotEqual(Spec.InitialPhi(), trainer.Phi);
    }

    [Fact]
    public void AFileChangedSinceTheSpecWasWrittenIsRefused()
    {
        var path = SaveOptimizer(Spec, seed: 77);
        var spec = Spec with { StartFrom = StartingPoint.Of(path) };
        File.Copy(SaveOptimizer(Spec, seed: 78), path, overwrite: true);

        var error = Assert.Throws<InvalidSettingException>(() => spec.InitialPhi());

        Assert.Equal(SpecFields.StartFrom, error.Setting);
        Assert.Contains("has changed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOptimizerOfAnotherArchitectureIsRefusedNamingBoth()
    {
        var path = SaveOptimizer(Spec with { HiddenSizes = [8] }, seed: 77);
        var spec = Spec with { StartFrom = StartingPoint.Of(path) };

        var error = Assert.Throws<InvalidSettingException>(() => spec.InitialPhi());

        Assert.Equal(SpecFields.StartFrom, error.Setting);
        Assert.Contains("LSTM [8]", error.Message, StringComparison.Ordinal);
        Assert.Contains("LSTM [20, 20]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingFileIsRefusedNamingIt()
    {
        var spec = Spec with { StartFrom = new StartingPoint(_folder.File("gone.l2lopt"), new string('0', 64)) };

        var error = Assert.Throws<InvalidSettingException>(() => spec.InitialPhi());

        Assert.Contains("gone.l2lopt", error.Message, StringComparison.Ordinal);
    }
}
