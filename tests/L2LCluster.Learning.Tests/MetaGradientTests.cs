using L2LCluster.Learning.Optimizers;
using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Training;
using L2LCluster.Runs.Optimizers;
using L2LCluster.Runs.Specs;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Tests;

public sealed class MetaGradientTests
{
    // On f(x) = x² from x₀ = 1 with the linear optimizer φ = (w, b), update w·g + b, the meta-gradient has a
    // closed form; see each case for the derivation.
    private static MetaTrainingSpec LinearOnSimple(int unroll, bool secondOrder) => TrainingSpecs.ForFamily(new SimpleProblems()) with
    {
        Unroll = unroll,
        Horizon = unroll,
        SecondOrder = secondOrder,
    };

    [Fact]
    public void OneStepMetaGradientMatchesTheClosedForm()
    {
        // θ₁ = 1 + 2w + b = 0.6; L = θ₁²; ∂L/∂w = 2θ₁·g₀ = 2.4; ∂L/∂b = 2θ₁ = 1.2.
        using var unroller = new TruncatedUnroller(LinearOnSimple(1, secondOrder: false), new SimpleProblems(), CPU, 0, 1);

        var result = unroller.Unroll([-0.25f, 0.1f]);

        Assert.Equal(0.36, result.MetaLoss, 5);
        Assert.Equal(2.4, result.Gradient[0], 5);
        Assert.Equal(1.2, result.Gradient[1], 5);
    }

    [Fact]
    public void DetachedModeTreatsTheOptimizeeGradientAsAConstant()
    {
        // θ₁ = 0.6, g₁ = 1.2, θ₂ = θ₁ − 0.25·g₁ + 0.1 = 0.4; L = θ₁² + θ₂².
        // With g₁ constant: ∂θ₂/∂w = g₀ + g₁ = 3.2, ∂θ₂/∂b = 2, so ∂L/∂w = 2.4 + 0.8·3.2 = 4.96, ∂L/∂b = 1.2 + 1.6 = 2.8.
        using var unroller = new TruncatedUnroller(LinearOnSimple(2, secondOrder: false), new SimpleProblems(), CPU, 0, 1);

        var result = unroller.Unroll([-0.25f, 0.1f]);

        Assert.Equal(0.52, result.MetaLoss, 5);
        Assert.Equal(4.96, result.Gradient[0], 4);
        Assert.Equal(2.8, result.Gradient[1], 4);
    }

    [Fact]
    public void SecondOrderModeDifferentiatesThroughTheOptimizeeGradient()
    {
        // g₁ = 2θ₁ depends on φ: ∂θ₂/∂w = g₀(1 + 2w) + g₁ = 2.2, ∂θ₂/∂b = (1 + 2w) + 1 = 1.5,
        // so ∂L/∂w = 2.4 + 0.8·2.2 = 4.16 and ∂L/∂b = 1.2 + 0.8·1.5 = 2.4.
        using var unroller = new TruncatedUnroller(LinearOnSimple(2, secondOrder: true), new SimpleProblems(), CPU, 0, 1);

        var result = unroller.Unroll([-0.25f, 0.1f]);

        Assert.Equal(0.52, result.MetaLoss, 5);
        Assert.Equal(4.16, result.Gradient[0], 4);
        Assert.Equal(2.4, result.Gradient[1], 4);
    }

    [Fact]
    public void DetachedAndSecondOrderAgreeOnASingleStepUnroll()
    {
        // With one step the only optimizee gradient used is g₀, detached at the truncation boundary in both modes.
        var spec = SmallQuadratic(unroll: 1, horizon: 5);
        using var detached = new TruncatedUnroller(spec, new QuadraticProblems(3), CPU, 0, 2);
        using var secondOrder = new TruncatedUnroller(spec with { SecondOrder = true }, new QuadraticProblems(3), CPU, 0, 2);
        var phi = Phi(spec);

        Assert.Equal(detached.Unroll(phi).Gradient, secondOrder.Unroll(phi).Gradient);
    }

    [Fact]
    public void SecondOrderMetaGradientOfAnLstmMatchesFiniteDifferences()
    {
        var spec = SmallQuadratic(unroll: 3, horizon: 3) with { SecondOrder = true };
        var phi = Phi(spec);
        var analytic = MetaLoss(spec, phi).Gradient;
        var largest = Enumerable.Range(0, phi.Length).OrderByDescending(index => Math.Abs(analytic[index])).Take(6);

        foreach (var index in largest)
        {
            const float epsilon = 1e-2f;
            var plus = (float[])phi.Clone();
            var minus = (float[])phi.Clone();
            plus[index] += epsilon;
            minus[index] -= epsilon;
            var numeric = (MetaLoss(spec, plus).MetaLoss - MetaLoss(spec, minus).MetaLoss) / (2 * epsilon);

            Assert.InRange(numeric, analytic[index] - (0.03 * Math.Abs(analytic[index])), analytic[index] + (0.03 * Math.Abs(analytic[index])));
        }
    }

    [Fact]
    public void DetachedMetaGradientDiffersFromTheFullDerivativeOnAQuadratic()
    {
        var spec = SmallQuadratic(unroll: 3, horizon: 3);
        var phi = Phi(spec);

        var detached = MetaLoss(spec, phi).Gradient;
        var full = MetaLoss(spec with { SecondOrder = true }, phi).Gradient;

        var difference = detached.Zip(full, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(difference > 1e-3 * full.Max(Math.Abs), $"largest difference {difference}");
    }

    [Fact]
    public void ProblemStateCarriesAcrossTruncations()
    {
        var twoByTwo = SmallQuadratic(unroll: 2, horizon: 4);
        var phi = Phi(twoByTwo);
        using var truncated = new TruncatedUnroller(twoByTwo, new QuadraticProblems(3), CPU, 0, 2);
        using var whole = new TruncatedUnroller(twoByTwo with { Unroll = 4 }, new QuadraticProblems(3), CPU, 0, 2);

        truncated.Unroll(phi);
        Assert.Equal(2, truncated.StepInHorizon);
        var secondHalf = truncated.Unroll(phi);
        var all = whole.Unroll(phi);

        Assert.Equal(all.FinalLoss, secondHalf.FinalLoss, 5);
        Assert.Equal(0, truncated.StepInHorizon);
        Assert.Equal(1, truncated.NextEpisode);
    }

    [Fact]
    public void SplittingTheProblemsOverUnrollersGivesTheSameAverageGradient()
    {
        var spec = SmallQuadratic(unroll: 3, horizon: 6);
        var phi = Phi(spec);
        using var all = new TruncatedUnroller(spec, new QuadraticProblems(3), CPU, 0, 4);
        using var first = new TruncatedUnroller(spec, new QuadraticProblems(3), CPU, 0, 1);
        using var rest = new TruncatedUnroller(spec, new QuadraticProblems(3), CPU, 1, 3);

        for (var truncation = 0; truncation < 3; truncation++)
        {
            var together = all.Unroll(phi);
            var split = MetaGradient.Average([first.Unroll(phi), rest.Unroll(phi)]);

            Assert.Equal(together.MetaLoss, split.MetaLoss, 4);
            Assert.Equal(4, split.ProblemCount);
            for (var i = 0; i < phi.Length; i++)
            {
                Assert.InRange(split.Gradient[i] - together.Gradient[i], -1e-5, 1e-5);
            }
        }
    }

    [Fact]
    public void ADivergedUnrollIsReportedAsNonFiniteAndRestartsTheEpisode()
    {
        var spec = LinearOnSimple(2, secondOrder: false) with { Horizon = 10 };
        using var unroller = new TruncatedUnroller(spec, new SimpleProblems(), CPU, 0, 1);

        var result = unroller.Unroll([1e30f, 0f]);

        Assert.False(result.IsFinite);
        Assert.All(result.Gradient, value => Assert.Equal(0f, value));
        Assert.Equal(0, unroller.StepInHorizon);
    }

    [Fact]
    public void TheSameSeedGivesTheSameWeightsAfterTraining()
    {
        var spec = SmallQuadratic(unroll: 2, horizon: 4) with { Iterations = 5 };
        float[] Train(MetaTrainingSpec trainingSpec)
        {
            using var trainer = new MetaTrainer(trainingSpec, new QuadraticProblems(3), CPU);
            while (!trainer.IsComplete)
            {
                trainer.Step();
            }

            return trainer.Phi;
        }

        Assert.Equal(Train(spec), Train(spec));
        Assert.NotEqual(Train(spec), Train(spec with { Seed = 99 }));
    }

    private static MetaTrainingSpec SmallQuadratic(int unroll, int horizon) => TrainingSpecs.ForFamily(new QuadraticProblems(3)) with
    {
        Unroll = unroll,
        Horizon = horizon,
        Problems = 2,
        HiddenSizes = [4],
        Preprocessing = PreprocessingKind.None,
        OutputScale = 0.1,
        Seed = 5,
    };

    private static float[] Phi(MetaTrainingSpec spec) => new CoordinatewiseLstm(spec.Architecture).InitialParameters(spec.Seed, ParameterInitialization.Uniform);

    private static MetaGradient MetaLoss(MetaTrainingSpec spec, float[] phi)
    {
        using var unroller = new TruncatedUnroller(spec, new QuadraticProblems(3), CPU, 0, spec.Problems);
        return unroller.Unroll(phi);
    }
}
