using L2LCluster.Learning.Baselines;
using L2LCluster.Learning.Evaluation;
using L2LCluster.Learning.Optimizers;
using L2LCluster.Learning.Experiments;
using L2LCluster.Learning.Training;
using L2LCluster.Runs.Optimizers;
using L2LCluster.Runs.Specs;
using L2LCluster.Runs.Storage;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Tests;

/// <summary>
/// The claims of docs/results.md, re-checked in a reduced form on every test run: the committed optimizers on
/// fewer held-out and tuning problems, and the experiments' machinery on generated data.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ExperimentClaimTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void TheCommittedQuadraticOptimizerBeatsEveryTunedBaselineWithAtMostSixTenthsOfAdamsLossSum()
    {
        var definition = ExperimentCatalog.Create(ExperimentCatalog.Quadratic, new ExperimentSettings { Trials = 64, TuningTrials = 32 });
        var model = OptimizerFile.Load(RepositoryFiles.Path("docs", "results", "quadratic", "optimizer.l2lopt")).Model;

        var evaluations = Assert.Single(ExperimentRunner.Evaluate(definition, [model], CPU)).Evaluations;

        AssertBeatsEveryBaseline(evaluations);
        var (learned, adam) = (evaluations[0].Curves, evaluations.Single(evaluation => evaluation.Name == "Adam").Curves);
        Assert.True(learned.SumOverSteps <= 0.6 * adam.SumOverSteps, $"LSTM sum {learned.SumOverSteps} vs Adam {adam.SumOverSteps}");
    }

    [Fact]
    public void TheCommittedMnistOptimizerBeatsEveryTunedBaselineOnTheFashionMnistTestSplit()
    {
        var definition = ExperimentCatalog.Create(ExperimentCatalog.Mnist, new ExperimentSettings { Trials = 16, TuningTrials = 16 });
        var model = OptimizerFile.Load(RepositoryFiles.Path("docs", "results", "mnist", "optimizer.l2lopt")).Model;

        var evaluations = Assert.Single(ExperimentRunner.Evaluate(definition, [model], CPU)).Evaluations;

        AssertBeatsEveryBaseline(evaluations);
    }

    [Fact]
    public void TheCommittedRnnpropOptimizerOnReluNetworksLeadsEveryTunedBaselineBySumBeyondTheNoiseAndTiesByFinalLoss()
    {
        var (model, evaluations) = OnTheReluTransferTask("rnnprop-transfer");

        Assert.Equal(GradientPreprocessing.Rnnprop, model.Architecture.Preprocessing);
        AssertBeatsEveryBaseline(evaluations);
        var paired = PairedComparison.AgainstBestBaselines(evaluations);
        Assert.Equal(PairedVerdict.Ahead, paired.Single(comparison => comparison.Score == TuningCriterion.SumOverSteps).Difference.Verdict);
        Assert.Equal(PairedVerdict.Level, paired.Single(comparison => comparison.Score == TuningCriterion.FinalLoss).Difference.Verdict);
    }

    [Fact]
    public void TheCommittedMlpOptimizerMetaTrainedOnSigmoidAndReluNetworksBeatsEveryTunedBaselineOnReluNetworksBeyondTheNoise()
    {
        var (_, evaluations) = OnTheReluTransferTask("mlp-mixture");

        Assert.Equal("MLP", evaluations[0].Name);
        AssertBeatsEveryBaseline(evaluations);
        var paired = PairedComparison.AgainstBestBaselines(evaluations);
        Assert.Equal([TuningCriterion.FinalLoss, TuningCriterion.SumOverSteps], paired.Select(comparison => comparison.Score));
        Assert.All(paired, comparison => Assert.Equal(PairedVerdict.Ahead, comparison.Difference.Verdict));
    }

    [Fact]
    public void TheTransferCasesRunTheMnistOptimizerOnEveryVariantWithBaselinesTunedOnTheTrainingSplit()
    {
        IdxWriter.WriteDataset(_folder.Path, trainCount: 16, testCount: 16);
        var settings = new ExperimentSettings { DataDirectory = _folder.Path, Trials = 2, TuningTrials = 2 };
        var definition = ExperimentCatalog.Create(ExperimentCatalog.Transfer, settings);
        definition = definition with
        {
            Cases = [.. definition.Cases.Select(experimentCase => experimentCase with { Steps = experimentCase.Steps / 20, Options = experimentCase.Options with { MinibatchSize = 4 } })],
            Comparison = definition.Comparison with { LearningRateGrid = [0.01, 0.1] },
        };
        var spec = definition.Optimizers[0].Spec;
        var model = new LearnedOptimizerModel(spec.Architecture, spec.Networks().InitialParameters(1, spec.Initialization));

        var results = ExperimentRunner.Evaluate(definition, [model], CPU);

        Assert.Equal(["steps-200", "units-40", "layers-2", "relu"], results.Select(result => result.Case.Name));
        Assert.Equal([10, 5, 5, 5], results.Select(result => result.Evaluations[0].Curves.Steps));
        Assert.All(results, result => Assert.Equal(["LSTM", "Adam", "RMSprop", "SGD", "NAG"], result.Evaluations.Select(evaluation => evaluation.Name)));
        Assert.All(results.SelectMany(result => result.Evaluations), evaluation => Assert.True(double.IsFinite(evaluation.Curves.SumOverSteps), evaluation.Name));
        Assert.Equal(DataSplit.Train, spec.ProblemOptions.Split);
    }

    [Fact]
    public void AnMlpOptimizerGivenInPlaceOfTheExperimentsLstmIsReportedAsAnMlp()
    {
        IdxWriter.WriteDataset(_folder.Path, trainCount: 16, testCount: 16);
        var definition = ExperimentCatalog.Create(ExperimentCatalog.Transfer, new ExperimentSettings { DataDirectory = _folder.Path, Trials = 2, TuningTrials = 2 });
        definition = definition with
        {
            Cases = [definition.Cases[0] with { Steps = 5, Options = definition.Cases[0].Options with { MinibatchSize = 4 } }],
            Comparison = definition.Comparison with { LearningRateGrid = [0.1], Baselines = [BaselineKind.Adam] },
        };
        var architecture = OptimizerArchitecture.Mlp(OptimizerArchitecture.MlpHiddenSizes);
        var mlp = new LearnedOptimizerModel(architecture, new CoordinatewiseMlp(architecture).InitialParameters(1, ParameterInitialization.Uniform));

        var result = Assert.Single(ExperimentRunner.Evaluate(definition, [mlp], CPU));

        Assert.Equal(["MLP", "Adam"], result.Evaluations.Select(evaluation => evaluation.Name));
    }

    [Fact]
    public void TheGeneralizationExperimentMetaTrainsRnnpropOnTheMixtureAndComparesOnEveryTaskWithBaselinesTunedPerTask()
    {
        IdxWriter.WriteDataset(_folder.Path, trainCount: 16, testCount: 16);
        var settings = new ExperimentSettings { DataDirectory = _folder.Path, Trials = 2, TuningTrials = 2, Iterations = 2 };
        var catalogDefinition = ExperimentCatalog.Create(ExperimentCatalog.Generalization, settings);
        var definition = catalogDefinition with
        {
            Cases = [.. catalogDefinition.Cases.Select(experimentCase => experimentCase with { Steps = experimentCase.Steps / 20, Options = experimentCase.Options with { MinibatchSize = 4 } })],
            Comparison = catalogDefinition.Comparison with { LearningRateGrid = [0.01, 0.1] },
        };
        var spec = Assert.Single(definition.Optimizers).Spec with { Horizon = 10, Unroll = 5, Validation = null };
        using var trainer = new MetaTrainer(spec, Problems.ProblemCatalog.Default.For(spec), CPU);
        var reports = Enumerable.Range(0, spec.Iterations).Select(_ => trainer.Step()).ToArray();

        var results = ExperimentRunner.Evaluate(definition, [trainer.ToModel()], CPU);

        Assert.Equal(TaskMixture.ProblemName, spec.Problem);
        Assert.Equal(GradientPreprocessing.Rnnprop, trainer.ToModel().Architecture.Preprocessing);
        Assert.All(reports, report => Assert.True(report.Applied && double.IsFinite(report.MetaLoss), $"{report}"));
        Assert.Equal(["steps-200", "units-40", "layers-2", "relu", "steps-1000", "conv", "tanh-128-64"], results.Select(result => result.Case.Name));
        Assert.Equal([10, 5, 5, 5, 50, 5, 5], results.Select(result => result.Evaluations[0].Curves.Steps));
        Assert.Equal("mnist-conv", catalogDefinition.Cases[^2].Problem);
        Assert.Equal(new[] { 128, 64 }, catalogDefinition.Cases[^1].Options.HiddenUnits!.Value.ToArray());
        Assert.Equal((Activation.Tanh, 64), (catalogDefinition.Cases[^1].Options.Activation, catalogDefinition.Cases[^1].Options.MinibatchSize));
        Assert.All(results, result => Assert.Equal(["RNNprop", "Adam", "RMSprop", "SGD", "NAG"], result.Evaluations.Select(evaluation => evaluation.Name)));
        Assert.All(results.SelectMany(result => result.Evaluations), evaluation => Assert.True(double.IsFinite(evaluation.Curves.SumOverSteps), evaluation.Name));
    }

    [Fact]
    public void TheCommittedNeuralArtOptimizerBeatsEveryTunedBaselineOnHeldOutPhotographs()
    {
        var definition = ExperimentCatalog.Create(ExperimentCatalog.NeuralArt, new ExperimentSettings { Trials = 2, TuningTrials = 1 });
        definition = definition with { Cases = [definition.Cases[0]] };
        var model = OptimizerFile.Load(RepositoryFiles.Path("docs", "results", "neural-art", "optimizer.l2lopt")).Model;

        var evaluations = Assert.Single(ExperimentRunner.Evaluate(definition, [model], CPU)).Evaluations;

        AssertBeatsEveryBaseline(evaluations);
    }

    /// <summary>The committed optimizer of docs/results/<paramref name="folder"/> against the tuned baselines on 16 held-out ReLU networks.</summary>
    private static (LearnedOptimizerModel Model, IReadOnlyList<OptimizerEvaluation> Evaluations) OnTheReluTransferTask(string folder)
    {
        var definition = ExperimentCatalog.Create(ExperimentCatalog.Transfer, new ExperimentSettings { Trials = 16, TuningTrials = 16 });
        definition = definition with { Cases = [definition.Cases.Single(experimentCase => experimentCase.Name == "relu")] };
        var model = OptimizerFile.Load(RepositoryFiles.Path("docs", "results", folder, "optimizer.l2lopt")).Model;
        return (model, Assert.Single(ExperimentRunner.Evaluate(definition, [model], CPU)).Evaluations);
    }

    /// <summary>The learned optimizer (first) ahead of every tuned baseline by final loss and by sum over the steps.</summary>
    private static void AssertBeatsEveryBaseline(IReadOnlyList<OptimizerEvaluation> evaluations)
    {
        var learned = evaluations[0].Curves;
        Assert.All(evaluations.Skip(1), baseline =>
        {
            Assert.True(learned.FinalLoss < baseline.Curves.FinalLoss, $"final loss: {evaluations[0].Name} {learned.FinalLoss} vs {baseline.Name} {baseline.Curves.FinalLoss}");
            Assert.True(learned.SumOverSteps < baseline.Curves.SumOverSteps, $"sum: {evaluations[0].Name} {learned.SumOverSteps} vs {baseline.Name} {baseline.Curves.SumOverSteps}");
        });
    }
}
