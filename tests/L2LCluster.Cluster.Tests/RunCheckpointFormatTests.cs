using L2LCluster.Contracts;
using L2LCluster.Grains.Storage;
using L2LCluster.Learning;
using L2LCluster.Learning.Training;
using MessagePack;

namespace L2LCluster.Cluster.Tests;

public sealed class RunCheckpointFormatTests
{
    private static RunCheckpoint Checkpoint(BestOptimizer? best) =>
        new(ClusterHarness.SmallRun("checkpointed", 10), RunState.Running, 7, 7, [1f, 2f], [0.1f, 0.2f], [0.01f, 0.02f], 7, 2, 0, null, null, 0, best);

    [Fact]
    public void TheBestValidatedPhiSurvivesACheckpoint()
    {
        var read = RunCheckpointFormat.Read(RunCheckpointFormat.Write(Checkpoint(new BestOptimizer(5, 0.25, [3f, 4f]))), "checkpoint");

        Assert.Equal([1f, 2f], read.Phi);
        Assert.Equal([0.01f, 0.02f], read.AdamSecondMoment);
        Assert.Equal(5, read.Best!.Iteration);
        Assert.Equal(0.25, read.Best.ValidationLoss);
        Assert.Equal([3f, 4f], read.Best.Phi);
    }

    [Fact]
    public void ACheckpointWithoutABestPhiStaysSchemaTwo()
    {
        var bytes = RunCheckpointFormat.Write(Checkpoint(null));

        Assert.Equal(2, MessagePackSerializer.Deserialize<RunCheckpointEnvelope>(bytes).SchemaVersion);
        Assert.Null(RunCheckpointFormat.Read(bytes, "checkpoint").Best);
        Assert.Equal(3, MessagePackSerializer.Deserialize<RunCheckpointEnvelope>(RunCheckpointFormat.Write(Checkpoint(new BestOptimizer(5, 0.25, [3f, 4f])))).SchemaVersion);
    }

    [Fact]
    public void ABestPhiOfTheWrongLengthIsRefusedNamingTheFile()
    {
        var envelope = MessagePackSerializer.Deserialize<RunCheckpointEnvelope>(RunCheckpointFormat.Write(Checkpoint(null)));
        envelope.BestIteration = 5;
        envelope.SchemaVersion = 3;

        var error = Assert.Throws<InvalidSettingException>(() => RunCheckpointFormat.Read(MessagePackSerializer.Serialize(envelope), "runs/x/checkpoint.l2lckpt"));

        Assert.Equal("runs/x/checkpoint.l2lckpt", error.Setting);
        Assert.Contains("best φ", error.Message, StringComparison.Ordinal);
    }
}
