using MessagePack;
using L2LCluster.Runs.Optimizers;
using L2LCluster.Runs.Specs;
using L2LCluster.Runs.Storage;

namespace L2LCluster.Runs.Tests;

public sealed class OptimizerFileTests
{
    private static readonly MetaTrainingSpec Grouped = TestRuns.LinearSpec with
    {
        ParameterGroups = [new ParameterGroup("conv", ["conv"]), new ParameterGroup("fc", ["fc"])],
    };

    [Fact]
    public void ARunsOptimizerKeepsItsParameterGroupsAndItsBestValidatedPhi()
    {
        var best = new BestOptimizer(3, 0.25, [5f, 6f, 7f, 8f]);

        var file = OptimizerFile.Deserialize(OptimizerFile.OfRun(Grouped, [1f, 2f, 3f, 4f], best, iteration: 9), "optimizer");

        Assert.Equal(Grouped.ParameterGroups.AsEnumerable(), file.Model.ParameterGroups.AsEnumerable());
        Assert.Equal(best.Phi, file.Model.Parameters);
        Assert.Equal(3, file.Info.Iterations);
        Assert.Equal(Grouped, SpecJson.Parse(file.Info.TrainingSpec, "optimizer"));
    }

    [Fact]
    public void ARunWithoutValidationHandsOutPhiAsItStands()
    {
        var file = OptimizerFile.Deserialize(OptimizerFile.OfRun(TestRuns.LinearSpec, [1f, 2f], best: null, iteration: 9), "optimizer");

        Assert.Equal([1f, 2f], file.Model.Parameters);
        Assert.Equal(9, file.Info.Iterations);
    }

    [Fact]
    public void ACheckpointsOptimizerIsTheSameFileAsTheRunsOwn()
    {
        var checkpoint = TestRuns.Checkpoint(new BestOptimizer(4, 0.5, [3f, 4f]));

        var fromCheckpoint = OptimizerFile.Deserialize(checkpoint.OptimizerFile(), "checkpoint");
        var fromRun = OptimizerFile.Deserialize(OptimizerFile.OfRun(checkpoint.Spec.Training, checkpoint.Phi, checkpoint.Best, checkpoint.Iteration), "run");

        Assert.Equal(fromRun.Model.Parameters, fromCheckpoint.Model.Parameters);
        Assert.Equal(fromRun.Info with { CreatedUtc = default }, fromCheckpoint.Info with { CreatedUtc = default });
    }

    [Fact]
    public void AFileThatDeclaresMoreLayersThanAnOptimizerHasIsRefusedBeforeItsSizeIsComputed()
    {
        var envelope = MessagePackSerializer.Deserialize<OptimizerFileEnvelope>(OptimizerFile.OfRun(TestRuns.LinearSpec, [1f, 2f], null, 1));
        envelope.HiddenSizes = [.. Enumerable.Repeat(4096, 33)];

        var error = Assert.Throws<InvalidSettingException>(() => OptimizerFile.Deserialize(MessagePackSerializer.Serialize(envelope), "crafted.l2lopt"));

        Assert.Equal("crafted.l2lopt", error.Setting);
        Assert.Contains("33 hidden layers", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileWithAFieldLeftOutIsRefusedAsUnreadable()
    {
        var envelope = MessagePackSerializer.Deserialize<OptimizerFileEnvelope>(OptimizerFile.OfRun(TestRuns.LinearSpec, [1f, 2f], null, 1));
        envelope.Preprocessing = null!;

        var error = Assert.Throws<InvalidSettingException>(() => OptimizerFile.Deserialize(MessagePackSerializer.Serialize(envelope), "crafted.l2lopt"));

        Assert.Contains("not a readable optimizer file", error.Reason, StringComparison.Ordinal);
    }
}
