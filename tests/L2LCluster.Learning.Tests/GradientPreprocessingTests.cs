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
        using var features = GradientPreprocessing.LogAndSign(p).Apply(input);
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
        using var features = GradientPreprocessing.None.Apply(input);

        Assert.Equal([2, 1], features.shape);
        Assert.Equal([3.5f, -2f], features.data<float>().ToArray());
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
