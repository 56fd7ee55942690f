using L2LCluster.Learning.Optimizers;
using L2LCluster.Runs.Optimizers;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Tests;

public sealed class GradientPreprocessingTests
{
    [Fact]
    public void LogAndSignMatchesThePaperFormulaOnKnownValues()
    {
        const double p = 10.0;
        double[] gradients = [1e-3, -1e-6, 0.0, 100.0, -0.5];
        using var input = tensor(gradients.Select(value => (float)value).ToArray());
        using var features = GradientPreprocessing.LogAndSign(p).Apply(input, []).Input;
        var values = features.data<float>().ToArray();

        Assert.Equal([gradients.Length, 2], features.shape);
        for (var i = 0; i < gradients.Length; i++)
        {
            var g = gradients[i];
            var expectedMagnitude = Math.Max(Math.Log(Math.Abs(g) + GradientPreprocessing.MachineEpsilon) / p, -1.0);
            var expectedSign = Math.Clamp(g * Math.Exp(p), -1.0, 1.0);
            Assert.Equal(expectedMagnitude, values[2 * i], 5);
            Assert.Equal(expectedSign, values[(2 * i) + 1], 5);
        }

        Assert.Equal(-0.690764, values[0], 5);
        Assert.Equal(-1.0, values[2], 5);
        Assert.Equal(-0.0220265, values[3], 5);
        Assert.Equal(0.460517, values[6], 5);
    }

    [Fact]
    public void NoPreprocessingPassesTheRawGradientAsOneFeature()
    {
        using var input = tensor(new[] { 3.5f, -2f });
        using var features = GradientPreprocessing.None.Apply(input, []).Input;

        Assert.Equal([2, 1], features.shape);
        Assert.Equal([3.5f, -2f], features.data<float>().ToArray());
    }

    [Fact]
    public void RnnpropFeedsAdamsBiasCorrectedMomentsNormalizedByTheSecond()
    {
        double[][] gradients = [[0.5, -2e-4, 30.0], [-0.25, 1e-4, 10.0], [1.0, 3e-4, -5.0]];
        using var scope = NewDisposeScope();
        Tensor[] accumulators = [zeros(3, 1), zeros(3, 1), zeros(3, 1)];
        var (m, v) = (new double[3], new double[3]);
        for (var step = 1; step <= gradients.Length; step++)
        {
            (var input, accumulators) = GradientPreprocessing.Rnnprop.Apply(tensor(gradients[step - 1].Select(value => (float)value).ToArray()), accumulators);
            var values = input.data<float>().ToArray();
            for (var coordinate = 0; coordinate < 3; coordinate++)
            {
                var g = gradients[step - 1][coordinate];
                m[coordinate] = (0.95 * m[coordinate]) + (0.05 * g);
                v[coordinate] = (0.95 * v[coordinate]) + (0.05 * g * g);
                var denominator = Math.Sqrt(v[coordinate] / (1 - Math.Pow(0.95, step))) + 1e-8;
                Assert.Equal(m[coordinate] / (1 - Math.Pow(0.95, step)) / denominator, values[2 * coordinate], 2e-5);
                Assert.Equal(g / denominator, values[(2 * coordinate) + 1], 2e-5);
            }

            Assert.Equal(step, accumulators[2].data<float>()[0]);
        }
    }

    [Fact]
    public void RnnpropInputsStartAtTheGradientsSignAndDoNotChangeWhenTheLossIsScaled()
    {
        using var scope = NewDisposeScope();
        // Magnitudes from 10⁻² to 10², far enough above ε that it moves no input by more than a part in a million.
        var gradients = randn(5, 64, generator: new Generator(3)).sign_().mul_(rand(5, 64, generator: new Generator(4)).add_(0.5)).mul_(logspace(-2, 2, 64));
        Tensor[] plain = [zeros(64, 1), zeros(64, 1), zeros(64, 1)];
        Tensor[] scaled = [zeros(64, 1), zeros(64, 1), zeros(64, 1)];
        for (var step = 0; step < 5; step++)
        {
            (var input, plain) = GradientPreprocessing.Rnnprop.Apply(gradients[step], plain);
            (var scaledInput, scaled) = GradientPreprocessing.Rnnprop.Apply(gradients[step] * 1000, scaled);
            if (step == 0)
            {
                Assert.True(input.allclose(stack([gradients[0].sign(), gradients[0].sign()], 1), rtol: 1e-4, atol: 1e-4));
            }

            Assert.True(scaledInput.allclose(input, rtol: 1e-4, atol: 1e-5));
        }
    }

    [Fact]
    public void RnnpropRefusesAStateWithoutItsAccumulators()
    {
        using var gradient = zeros(4);

        var error = Assert.Throws<ArgumentException>(() => GradientPreprocessing.Rnnprop.Apply(gradient, []));
        Assert.Contains("3 accumulators", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void LogAndSignRejectsANonPositiveExponent(double exponent)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientPreprocessing.LogAndSign(exponent));
    }
}
