using MessagePack;
using L2LCluster.Runs.Optimizers;
using L2LCluster.Runs.Specs;
using L2LCluster.Runs.Storage;

namespace L2LCluster.Runs.Tests;

/// <summary>The MLP optimizer's place in the run's files: spec, optimizer file (schema 3) and checkpoint (schema 6).</summary>
public sealed class MlpOptimizerFileTests
{
    private static readonly MetaTrainingSpec MlpSpec = TestRuns.LinearSpec with { ArchitectureKind = OptimizerKind.Mlp, HiddenSizes = [3] };

    private static float[] Phi => [.. Enumerable.Range(0, MlpSpec.ParameterCount).Select(index => index * 0.01f)];

    [Fact]
    public void AnMlpOptimizerFileRoundTripsItsArchitectureAndPhiAsSchemaThree()
    {
        var bytes = OptimizerFile.OfRun(MlpSpec, Phi, best: null, iteration: 4);

        var file = OptimizerFile.Deserialize(bytes, "optimizer");

        Assert.Equal(3, MessagePackSerializer.Deserialize<OptimizerFileEnvelope>(bytes).SchemaVersion);
        Assert.Equal(OptimizerKind.Mlp, file.Model.Architecture.Kind);
        Assert.Equal(MlpSpec.Architecture, file.Model.Architecture);
        Assert.Equal((25 * 3) + 3 + (3 * 2) + 2, file.Model.Parameters.Length);
        Assert.Equal(Phi, file.Model.Parameters);
        Assert.Equal(MlpSpec, SpecJson.Parse(file.Info.TrainingSpec, "optimizer"));
    }

    [Fact]
    public void LstmOptimizerFilesKeepTheSchemaOlderReadersRead()
    {
        var bytes = OptimizerFile.OfRun(TestRuns.LinearSpec, [1f, 2f], best: null, iteration: 4);

        var envelope = MessagePackSerializer.Deserialize<OptimizerFileEnvelope>(bytes);

        Assert.Equal(1, envelope.SchemaVersion);
        Assert.Equal("", envelope.Architecture);
        Assert.Equal(OptimizerKind.Lstm, OptimizerFile.Deserialize(bytes, "optimizer").Model.Architecture.Kind);
    }

    [Fact]
    public void AReaderRefusesAFileOfANewerSchemaInOneLineNamingTheSchema()
    {
        // A build that reads up to schema 2 meets schema 3 (the MLP) exactly as this one meets schema 4.
        var envelope = MessagePackSerializer.Deserialize<OptimizerFileEnvelope>(OptimizerFile.OfRun(MlpSpec, Phi, best: null, iteration: 4));
        envelope.SchemaVersion = OptimizerFile.SchemaVersion + 1;

        var error = Assert.Throws<InvalidSettingException>(() => OptimizerFile.Deserialize(MessagePackSerializer.Serialize(envelope), "mlp.l2lopt"));

        Assert.Contains("mlp.l2lopt", error.Message, StringComparison.Ordinal);
        Assert.Contains($"schema {OptimizerFile.SchemaVersion + 1}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void AnUnknownArchitectureInASchemaThreeFileIsRefusedNamingIt()
    {
        var envelope = MessagePackSerializer.Deserialize<OptimizerFileEnvelope>(OptimizerFile.OfRun(MlpSpec, Phi, best: null, iteration: 4));
        envelope.Architecture = "transformer";

        var error = Assert.Throws<InvalidSettingException>(() => OptimizerFile.Deserialize(MessagePackSerializer.Serialize(envelope), "mlp.l2lopt"));

        Assert.Contains("unknown architecture 'transformer'; allowed: lstm, mlp", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnMlpRunsCheckpointIsSchemaSixAndKeepsItsArchitecture()
    {
        var checkpoint = TestRuns.Checkpoint() with { Spec = TestRuns.Run(spec: MlpSpec), Phi = Phi, AdamFirstMoment = new float[Phi.Length], AdamSecondMoment = new float[Phi.Length] };

        var bytes = RunCheckpointFormat.Write(checkpoint);

        Assert.Equal(6, MessagePackSerializer.Deserialize<RunCheckpointEnvelope>(bytes).SchemaVersion);
        Assert.Equal(OptimizerKind.Mlp, RunCheckpointFormat.Read(bytes, "checkpoint").Spec.Training.ArchitectureKind);
    }

    [Fact]
    public void TheSpecNamesTheArchitectureOnlyForTheMlp()
    {
        Assert.DoesNotContain("\"architecture\"", SpecJson.Serialize(TestRuns.LinearSpec), StringComparison.Ordinal);
        Assert.Contains("\"architecture\": \"mlp\"", SpecJson.Serialize(MlpSpec), StringComparison.Ordinal);
        Assert.Equal(MlpSpec, SpecJson.Parse(SpecJson.Serialize(MlpSpec), "spec"));
    }

    [Fact]
    public void AnMlpWithParameterGroupsIsRefusedNamingTheArchitecture()
    {
        var spec = MlpSpec with { ParameterGroups = [new ParameterGroup("fc", ["fc"])] };

        var error = Assert.Throws<InvalidSettingException>(() => spec.Validate());

        Assert.Equal(SpecFields.Architecture, error.Setting);
    }
}
