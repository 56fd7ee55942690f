using L2LCluster.Learning.Evaluation;
using L2LCluster.Learning.Experiments;
using L2LCluster.Learning.Optimizers;
using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Training;
using L2LCluster.Runs;
using L2LCluster.Runs.Optimizers;
using L2LCluster.Runs.Specs;
using L2LCluster.Runs.Storage;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Tests;

/// <summary>Parameter groups owned by different optimizer networks (the official code's net_assignments).</summary>
public sealed class ParameterGroupTests : IDisposable
{
    private static readonly OptimizerArchitecture Architecture = new([4, 3], GradientPreprocessing.LogAndSign(10), 0.1);
    private readonly TempFolder _folder = new();
    private readonly ProblemOptions _options;
    private readonly ConvNetProblems _family;

    public ParameterGroupTests()
    {
        CifarWriter.WriteDataset(_folder.Path, recordsPerTrainingFile: 4, testRecords: 4);
        _options = new ProblemOptions { DataDirectory = _folder.Path, MinibatchSize = 2 };
        _family = new ConvNetProblems(_options);
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void TheLstmSubGroupsGiveTheConvolutionColumnsToOneNetworkAndTheRestToTheOther()
    {
        var routing = NetworkRouting.For(ExperimentCatalog.LstmSubGroups, _family);

        var fcStart = _family.Segments.First(segment => segment.Name == "fc1.weight").Offset;
        Assert.Equal(Enumerable.Range(0, fcStart).Select(column => (long)column), routing.Columns[0]);
        Assert.Equal(Enumerable.Range(fcStart, _family.CoordinatesPerProblem - fcStart).Select(column => (long)column), routing.Columns[1]);
        Assert.True(NetworkRouting.For([], _family).IsSingleNetwork);
    }

    [Fact]
    public void ASegmentOwnedByNoGroupOrAFamilyWithoutSegmentsIsRefused()
    {
        var unowned = Assert.Throws<InvalidSettingException>(() => NetworkRouting.For([new ParameterGroup("conv", ["conv"])], _family));
        var unnamed = Assert.Throws<InvalidSettingException>(() => NetworkRouting.For(ExperimentCatalog.LstmSubGroups, new QuadraticProblems()));

        Assert.Contains("segment fc1.weight", unowned.Message, StringComparison.Ordinal);
        Assert.Contains("does not name its parameter segments", unnamed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EachNetworkStepsExactlyItsOwnColumnsAsItWouldAlone()
    {
        var single = new OptimizerNetworks(Architecture);
        var grouped = new OptimizerNetworks(Architecture, ExperimentCatalog.LstmSubGroups);
        var phi = grouped.InitialParameters(5, ParameterInitialization.Uniform);
        var routing = NetworkRouting.For(grouped.Groups, _family);
        using var scope = NewDisposeScope();
        var gradient = randn(2, _family.CoordinatesPerProblem, generator: new Generator(3)) * 0.01;

        var (update, _) = grouped.Step(grouped.Bind(tensor(phi)), routing, gradient, zeros_like(gradient), CoordinateState.Zeros(Architecture.HiddenSizes, gradient.numel(), CPU));

        for (var network = 0; network < 2; network++)
        {
            var own = tensor(phi.AsSpan(network * single.ParameterCount, single.ParameterCount).ToArray());
            var (alone, _) = single.Step(single.Bind(own), NetworkRouting.Single, gradient, zeros_like(gradient), CoordinateState.Zeros(Architecture.HiddenSizes, gradient.numel(), CPU));
            var columns = tensor(routing.Columns[network]);
            Assert.True(alone.index_select(1, columns).allclose(update.index_select(1, columns), rtol: 1e-5, atol: 1e-7), $"network {network}");
        }
    }

    [Fact]
    public void AnOptimizerFileKeepsItsGroupsAndASingleNetworkFileStaysSchemaOne()
    {
        var grouped = new OptimizerNetworks(Architecture, ExperimentCatalog.LstmSubGroups);
        var model = new LearnedOptimizerModel(Architecture, grouped.InitialParameters(1, ParameterInitialization.Uniform), grouped.Groups);
        var info = new OptimizerFileInfo("cifar-conv", 3, "{}", DateTimeOffset.UnixEpoch);

        var loaded = OptimizerFile.Deserialize(OptimizerFile.Serialize(model, info), "grouped").Model;
        var singleBytes = OptimizerFile.Serialize(new LearnedOptimizerModel(Architecture, new float[Architecture.ParameterCount]), info);

        Assert.Equal(["conv", "fc"], loaded.ParameterGroups.Select(group => group.Name));
        Assert.Equal([["conv"], ["fc"]], loaded.ParameterGroups.Select(group => group.Segments.ToArray()));
        Assert.Equal(model.Parameters, loaded.Parameters);
        Assert.Equal(1, MessagePack.MessagePackSerializer.Deserialize<OptimizerFileEnvelope>(singleBytes).SchemaVersion);
    }

    [Fact]
    public void LstmSubMetaTrainsBothNetworksOnGeneratedCifarData()
    {
        var spec = TrainingSpecs.ForFamily(_family, _options) with { Iterations = 3, Unroll = 2, Horizon = 4, Problems = 2, HiddenSizes = [4], ParameterGroups = ExperimentCatalog.LstmSubGroups };
        using var trainer = new MetaTrainer(spec, _family, CPU);
        var initial = (float[])trainer.Phi.Clone();
        var size = initial.Length / 2;

        var reports = Enumerable.Range(0, spec.Iterations).Select(_ => trainer.Step()).ToArray();

        Assert.All(reports, report => Assert.True(report.Applied, $"iteration {report.Iteration}"));
        Assert.NotEqual(initial.AsSpan(0, size).ToArray(), trainer.Phi.AsSpan(0, size).ToArray());
        Assert.NotEqual(initial.AsSpan(size).ToArray(), trainer.Phi.AsSpan(size).ToArray());
        var curves = OptimizationRun.Run(_family, ProblemSets.HeldOut(1, 2), new LearnedOptimizerFactory(trainer.ToModel(), "LSTM-sub"), 3, CPU);
        Assert.True(double.IsFinite(curves.SumOverSteps));
    }
}
