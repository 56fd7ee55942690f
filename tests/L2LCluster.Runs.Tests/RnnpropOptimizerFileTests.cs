using MessagePack;
using L2LCluster.Runs.Optimizers;
using L2LCluster.Runs.Specs;
using L2LCluster.Runs.Storage;

namespace L2LCluster.Runs.Tests;

/// <summary>RNNprop's inputs in the run's files: spec, optimizer file (schema 4) and checkpoint (schema 7).</summary>
public sealed class RnnpropOptimizerFileTests
{
    private static readonly MetaTrainingSpec RnnpropSpec = TestRuns.LinearSpec with { Preprocessing = PreprocessingKind.Rnnprop, HiddenSizes = [4] };

    private static float[] Phi => [.. Enumerable.Range(0, RnnpropSpec.ParameterCount).Select(index => index * 0.01f)];

    [Fact]
    public void AnRnnpropOptimizerFileRoundTripsItsPreprocessingAsSchemaFour()
    {
        var bytes = OptimizerFile.OfRun(RnnpropSpec, Phi, best: null, iteration: 4);

        var file = OptimizerFile.Deserialize(bytes, "optimizer");

        Assert.Equal(4, MessagePackSerializer.Deserialize<OptimizerFileEnvelope>(bytes).SchemaVersion);
        Assert.Equal("rnnprop", MessagePackSerializer.Deserialize<OptimizerFileEnvelope>(bytes).Preprocessing);
        Assert.Equal(GradientPreprocessing.Rnnprop, file.Model.Architecture.Preprocessing);
        Assert.Equal(((2 + 4) * 4 * 4) + (4 * 4) + 4 + 1, file.Model.Parameters.Length);
        Assert.Equal(Phi, file.Model.Parameters);
        Assert.Equal(RnnpropSpec, SpecJson.Parse(file.Info.TrainingSpec, "optimizer"));
    }

    [Fact]
    public void OptimizerFilesOfTheOtherPreprocessingsKeepTheSchemasOlderReadersRead()
    {
        var logAndSign = OptimizerFile.OfRun(RnnpropSpec with { Preprocessing = PreprocessingKind.LogAndSign }, Phi, best: null, iteration: 4);
        var mlpSpec = TestRuns.LinearSpec with { ArchitectureKind = OptimizerKind.Mlp, HiddenSizes = [3] };
        var mlp = OptimizerFile.OfRun(mlpSpec, new float[mlpSpec.ParameterCount], best: null, iteration: 4);

        Assert.Equal(1, MessagePackSerializer.Deserialize<OptimizerFileEnvelope>(logAndSign).SchemaVersion);
        Assert.Equal(3, MessagePackSerializer.Deserialize<OptimizerFileEnvelope>(mlp).SchemaVersion);
    }

    [Fact]
    public void AnUnknownPreprocessingIsRefusedNamingWhatIsAllowed()
    {
        var envelope = MessagePackSerializer.Deserialize<OptimizerFileEnvelope>(OptimizerFile.OfRun(RnnpropSpec, Phi, best: null, iteration: 4));
        envelope.Preprocessing = "adam";

        var error = Assert.Throws<InvalidSettingException>(() => OptimizerFile.Deserialize(MessagePackSerializer.Serialize(envelope), "rnnprop.l2lopt"));

        Assert.Contains("rnnprop.l2lopt", error.Message, StringComparison.Ordinal);
        Assert.Contains("unknown preprocessing 'adam'; allowed: none, log-and-sign, rnnprop", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void AnRnnpropRunsCheckpointIsSchemaSevenAndKeepsItsPreprocessing()
    {
        var checkpoint = TestRuns.Checkpoint() with { Spec = TestRuns.Run(spec: RnnpropSpec), Phi = Phi, AdamFirstMoment = new float[Phi.Length], AdamSecondMoment = new float[Phi.Length] };

        var bytes = RunCheckpointFormat.Write(checkpoint);

        Assert.Equal(7, MessagePackSerializer.Deserialize<RunCheckpointEnvelope>(bytes).SchemaVersion);
        Assert.Equal(PreprocessingKind.Rnnprop, RunCheckpointFormat.Read(bytes, "checkpoint").Spec.Training.Preprocessing);
    }

    [Fact]
    public void TheSpecNamesRnnpropAndReadsItBack()
    {
        Assert.Contains("\"preprocessing\": \"rnnprop\"", SpecJson.Serialize(RnnpropSpec), StringComparison.Ordinal);
        Assert.Equal(RnnpropSpec, SpecJson.Parse(SpecJson.Serialize(RnnpropSpec), "spec"));
    }
}
