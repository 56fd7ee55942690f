using L2LCluster.Learning.Optimizers;
using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Training;
using L2LCluster.Runs.Optimizers;
using L2LCluster.Runs.Specs;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Tests;

public sealed class CoordinatewiseMlpTests
{
    private static readonly OptimizerArchitecture Architecture = OptimizerArchitecture.Mlp([8, 8]);

    [Fact]
    public void ParameterCountIsTheLayersWeightsAndBiasesUpToTwoOutputs()
    {
        Assert.Equal(OptimizerArchitecture.MlpInputFeatures, MlpFeatures.Count);
        Assert.Equal((25 * 8) + 8 + (8 * 8) + 8 + (8 * 2) + 2, Architecture.ParameterCount);
    }

    [Fact]
    public void PermutingCoordinatesPermutesTheirUpdatesOverSeveralSteps()
    {
        var network = new CoordinatewiseMlp(Architecture);
        using var scope = NewDisposeScope();
        var weights = network.Bind(tensor(network.InitialParameters(seed: 3, ParameterInitialization.Uniform)));
        var gradients = randn(3, 2, 40, generator: new Generator(11));
        var parameters = randn(2, 40, generator: new Generator(13));
        var permutation = randperm(40, generator: new Generator(12));
        var permutedParameters = parameters.index_select(1, permutation);
        var state = network.InitialState(80, CPU);
        var permutedState = network.InitialState(80, CPU);
        for (var step = 0; step < 3; step++)
        {
            var (update, next) = network.Step(weights, gradients[step], parameters, state);
            var (permutedUpdate, permutedNext) = network.Step(weights, gradients[step].index_select(1, permutation), permutedParameters, permutedState);
            state = next;
            permutedState = permutedNext;
            parameters = parameters + update;
            permutedParameters = permutedParameters + permutedUpdate;

            Assert.True(update.index_select(1, permutation).allclose(permutedUpdate, rtol: 1e-4, atol: 1e-8), $"step {step}");
            // An untrained network steps by about β_step: |d| of order one, exp(m·β_mag) about one.
            Assert.InRange(update.abs().max().item<float>(), 1e-6f, 20 * (float)CoordinatewiseMlp.StepScale);
        }
    }

    [Fact]
    public void ItsMetaGradientThroughAShortUnrollMatchesCentralFiniteDifferencesInFloat64()
    {
        var network = new CoordinatewiseMlp(Architecture);
        using var scope = NewDisposeScope();
        var phi = tensor(network.InitialParameters(seed: 5, ParameterInitialization.Uniform), dtype: ScalarType.Float64);
        // Two problems of four coordinates: f(θ) = Σ (aθ − b)², its gradient written out so the graph is exact.
        var scales = rand(2, 4, dtype: ScalarType.Float64, generator: new Generator(21)) + 0.5;
        var targets = randn(2, 4, dtype: ScalarType.Float64, generator: new Generator(22));
        var start = randn(2, 4, dtype: ScalarType.Float64, generator: new Generator(23));

        Tensor MetaLoss(Tensor candidate)
        {
            var weights = network.Bind(candidate);
            var theta = start;
            var state = network.InitialState(8, CPU, ScalarType.Float64);
            var loss = zeros(1, dtype: ScalarType.Float64);
            for (var step = 0; step < 5; step++)
            {
                var gradient = 2 * scales * ((scales * theta) - targets);
                var (update, next) = network.Step(weights, gradient, theta, state);
                state = next;
                theta = theta + update;
                loss = loss + ((scales * theta) - targets).square().sum(1).mean();
            }

            return loss;
        }

        var checkedCoordinates = new[] { 0, 57, 199, 205, 230, 290, Architecture.ParameterCount - 2, Architecture.ParameterCount - 1 };
        var compared = MetaGradientCheck.Compare(MetaLoss, phi, checkedCoordinates, step: 1e-4);

        // Tolerance: 1e-5 relative (the O(h²) truncation), plus 1e-10 absolute for the round-off of differencing a meta-loss of order ten.
        Assert.All(compared, point => Assert.True(Math.Abs(point.Autograd - point.FiniteDifference) <= 1e-10 + (1e-5 * Math.Abs(point.FiniteDifference)), $"φ[{point.Coordinate}]: autograd {point.Autograd:G10}, finite differences {point.FiniteDifference:G10}"));
        Assert.Contains(compared, point => Math.Abs(point.Autograd) > 1e-6);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(EvolutionStrategyKind.Truncated)]
    [InlineData(EvolutionStrategyKind.Persistent)]
    public void EveryEstimatorTrainsTheMlpThroughTheSameFlatPhi(EvolutionStrategyKind? estimator)
    {
        var family = new QuadraticProblems();
        var spec = TrainingSpecs.ForFamily(family) with
        {
            ArchitectureKind = OptimizerKind.Mlp,
            HiddenSizes = [8],
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
        Assert.Equal(OptimizerKind.Mlp, trainer.ToModel().Architecture.Kind);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void ThirtyIterationsOnQuadraticsLowerTheMlpsMetaLoss()
    {
        var family = new QuadraticProblems();
        var spec = TrainingSpecs.ForFamily(family) with
        {
            ArchitectureKind = OptimizerKind.Mlp,
            HiddenSizes = [16, 16],
            Problems = 16,
            Iterations = 30,
            LearningRate = 0.01,
            Seed = 7,
        };
        using var trainer = new MetaTrainer(spec, family, CPU);
        var losses = new List<double>();
        while (!trainer.IsComplete)
        {
            losses.Add(trainer.Step().MetaLoss);
        }

        // Five iterations are one whole episode (horizon 100, unroll 20): the first episode against the last.
        var first = losses.Take(5).Average();
        var last = losses.TakeLast(5).Average();
        Assert.True(last < 0.5 * first, $"meta-loss over the first five iterations {first}, over the last five {last}");
    }
}
