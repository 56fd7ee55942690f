using L2LCluster.Learning.Optimizers;
using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Training;
using L2LCluster.Runs.Optimizers;
using L2LCluster.Runs.Specs;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Tests;

/// <summary>The paper's LSTM fed RNNprop's inputs (Lv et al. 2017): Adam's normalized moments, kept in its state.</summary>
public sealed class RnnpropLstmTests
{
    private static readonly OptimizerArchitecture Architecture = new([20, 20], GradientPreprocessing.Rnnprop, 0.1);

    [Fact]
    public void ItsStateHoldsTheLayersThenTheMomentsAndTheStepCountStartingAtZero()
    {
        var network = new CoordinatewiseLstm(Architecture);
        using var scope = NewDisposeScope();
        var state = network.InitialState(6, CPU);
        var weights = network.Bind(tensor(network.InitialParameters(seed: 2, ParameterInitialization.Uniform)));

        var (_, next) = network.Step(weights, randn(6, generator: new Generator(4)), state);
        var (_, after) = network.Step(weights, randn(6, generator: new Generator(5)), next);

        Assert.Equal(2 + 3, state.Hidden.Length);
        Assert.Equal(2, state.Cell.Length);
        Assert.All(state.Hidden.Skip(2), accumulator => Assert.Equal([6L, 1L], accumulator.shape));
        Assert.Equal(Enumerable.Repeat(2f, 6), after.Hidden[4].data<float>().ToArray());
        Assert.Equal(((2 + 20) * 80) + 80 + ((20 + 20) * 80) + 80 + 20 + 1, Architecture.ParameterCount);
    }

    [Fact]
    public void ItStepsAlikeWhenTheLossIsScaledByAThousandWhereTheLogAndSignLstmDoesNot()
    {
        using var scope = NewDisposeScope();
        var gradients = randn(6, 128, generator: new Generator(9)).mul_(logspace(-4, 0, 128));
        foreach (var (architecture, invariant) in new[] { (Architecture, true), (new OptimizerArchitecture([20, 20], GradientPreprocessing.LogAndSign(), 0.1), false) })
        {
            var network = new CoordinatewiseLstm(architecture);
            var weights = network.Bind(tensor(network.InitialParameters(seed: 6, ParameterInitialization.Uniform)));
            var (plain, scaled) = (network.InitialState(128, CPU), network.InitialState(128, CPU));
            var largest = 0.0;
            for (var step = 0; step < 6; step++)
            {
                (var update, plain) = network.Step(weights, gradients[step], plain);
                (var scaledUpdate, scaled) = network.Step(weights, gradients[step] * 1000, scaled);
                largest = Math.Max(largest, (update - scaledUpdate).abs().max().item<float>() / update.abs().max().item<float>());
            }

            if (invariant)
            {
                Assert.InRange(largest, 0, 1e-4);
            }
            else
            {
                Assert.True(largest > 0.01, $"log-and-sign moved its updates by at most {largest} of their largest");
            }
        }
    }

    [Fact]
    public void ItsMetaGradientThroughAShortUnrollMatchesCentralFiniteDifferencesInFloat64()
    {
        var network = new CoordinatewiseLstm(new OptimizerArchitecture([6], GradientPreprocessing.Rnnprop, 0.1));
        using var scope = NewDisposeScope();
        var phi = tensor(network.InitialParameters(seed: 5, ParameterInitialization.Uniform), dtype: ScalarType.Float64);
        var scales = rand(8, dtype: ScalarType.Float64, generator: new Generator(21)) + 0.5;
        var targets = randn(8, dtype: ScalarType.Float64, generator: new Generator(22));
        var start = randn(8, dtype: ScalarType.Float64, generator: new Generator(23));

        Tensor MetaLoss(Tensor candidate)
        {
            var weights = network.Bind(candidate);
            var theta = start;
            var state = network.InitialState(8, CPU, ScalarType.Float64);
            var loss = zeros(1, dtype: ScalarType.Float64);
            for (var step = 0; step < 5; step++)
            {
                var gradient = 2 * scales * ((scales * theta) - targets);
                (var update, state) = network.Step(weights, gradient, state);
                theta = theta + update;
                loss = loss + ((scales * theta) - targets).square().sum();
            }

            return loss;
        }

        var count = network.ParameterCount;
        var compared = MetaGradientCheck.Compare(MetaLoss, phi, [0, 13, 100, 150, count - 30, count - 8, count - 2, count - 1], step: 1e-5);

        Assert.All(compared, point => Assert.True(Math.Abs(point.Autograd - point.FiniteDifference) <= 1e-9 + (1e-5 * Math.Abs(point.FiniteDifference)), $"φ[{point.Coordinate}]: autograd {point.Autograd:G10}, finite differences {point.FiniteDifference:G10}"));
        Assert.Contains(compared, point => Math.Abs(point.Autograd) > 1e-6);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(EvolutionStrategyKind.Truncated)]
    [InlineData(EvolutionStrategyKind.Persistent)]
    public void EveryEstimatorTrainsTheRnnpropLstmAndItsModelKeepsThePreprocessing(EvolutionStrategyKind? estimator)
    {
        var family = new QuadraticProblems();
        var spec = TrainingSpecs.ForFamily(family) with
        {
            Preprocessing = PreprocessingKind.Rnnprop,
            Problems = 4,
            Iterations = 3,
            Unroll = 5,
            Horizon = 10,
            Seed = 3,
            Estimator = estimator is { } kind ? new EvolutionStrategy(kind, 4, 0.01) : null,
        };
        using var trainer = new MetaTrainer(spec, family, CPU);
        var before = trainer.ToModel().Parameters;

        var reports = Enumerable.Range(0, spec.Iterations).Select(_ => trainer.Step()).ToArray();

        Assert.All(reports, report => Assert.True(report.Applied && double.IsFinite(report.MetaLoss) && report.GradientNorm > 0, $"{report}"));
        Assert.NotEqual(before, trainer.ToModel().Parameters);
        Assert.Equal(GradientPreprocessing.Rnnprop, trainer.ToModel().Architecture.Preprocessing);
    }
}
