using L2LCluster.Runs.Storage;
using MessagePack;
using static L2LCluster.Testing.TestRuns;

namespace L2LCluster.Runs.Tests;

public sealed class RunCheckpointFormatTests
{
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

    [Fact]
    public void ACheckpointCarriesTheRunsTraceParentSoACoordinatorElsewhereContinuesTheTrace()
    {
        const string traceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        var read = RunCheckpointFormat.Read(RunCheckpointFormat.Write(Checkpoint() with { TraceParent = traceParent }), "checkpoint");

        Assert.Equal(traceParent, read.TraceParent);
    }

    [Fact]
    public void ACheckpointWhosePhiDoesNotFitItsSpecIsRefusedNamingTheFile()
    {
        var error = Assert.Throws<InvalidSettingException>(() =>
            RunCheckpointFormat.Read(RunCheckpointFormat.Write(Checkpoint() with { Phi = [1f, 2f, 3f], AdamFirstMoment = [0f, 0f, 0f], AdamSecondMoment = [0f, 0f, 0f] }), "runs/x/checkpoint.l2lckpt"));

        Assert.Equal("runs/x/checkpoint.l2lckpt", error.Setting);
        Assert.Contains("networks need 2", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void WhoWorkedOnTheRunSurvivesACheckpointInSchemaFour()
    {
        var bytes = RunCheckpointFormat.Write(Checkpoint() with { Workers = ["w1", "w2"], Dropped = [new DroppedWorker("w3", 4, "its silo is gone")] });

        var read = RunCheckpointFormat.Read(bytes, "checkpoint");

        Assert.Equal(4, MessagePackSerializer.Deserialize<RunCheckpointEnvelope>(bytes).SchemaVersion);
        Assert.Equal(["w1", "w2"], read.Workers);
        Assert.Equal([new DroppedWorker("w3", 4, "its silo is gone")], read.Dropped);
    }

    [Theory]
    [InlineData("../../outside/pwned")]
    [InlineData("")]
    public void ACheckpointThatNamesARunNoRunCanBeNamedIsRefused(string runId)
    {
        var envelope = MessagePackSerializer.Deserialize<RunCheckpointEnvelope>(RunCheckpointFormat.Write(Checkpoint()));
        envelope.RunId = runId;

        var error = Assert.Throws<InvalidSettingException>(() => RunCheckpointFormat.Read(MessagePackSerializer.Serialize(envelope), "runs/x/checkpoint.l2lckpt"));

        Assert.StartsWith("runs/x/checkpoint.l2lckpt", error.Setting, StringComparison.Ordinal);
        Assert.Contains("not a valid run name", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AFlippedByteOutsideTheVectorsIsCaughtByTheWholeCheckpointsChecksum()
    {
        var envelope = MessagePackSerializer.Deserialize<RunCheckpointEnvelope>(RunCheckpointFormat.Write(Checkpoint() with { Workers = ["w1"] }));
        envelope.Iteration += 1;

        var error = Assert.Throws<InvalidSettingException>(() => RunCheckpointFormat.Read(MessagePackSerializer.Serialize(envelope), "checkpoint"));

        Assert.Contains("does not match its checksum", error.Reason, StringComparison.Ordinal);
    }
}
