using L2LCluster.Runs;

namespace L2LCluster.Learning.Tests;

public sealed class FloatVectorsTests
{
    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void AllFiniteFindsANonFiniteValueAtEveryPositionOfVectorAndTail(float bad)
    {
        var values = Enumerable.Range(0, 37).Select(index => (index - 18) * 1e30f).ToArray();
        Assert.True(FloatVectors.AllFinite(values));
        for (var position = 0; position < values.Length; position++)
        {
            var poisoned = (float[])values.Clone();
            poisoned[position] = bad;
            Assert.False(FloatVectors.AllFinite(poisoned), $"missed {bad} at {position}");
        }
    }

    [Fact]
    public void AllFiniteAcceptsTheExtremesOfFloat32()
    {
        Assert.True(FloatVectors.AllFinite([float.MaxValue, float.MinValue, float.Epsilon, -0f, 0f, 1e-45f, -float.Epsilon]));
    }

    [Fact]
    public void AddScaledEqualsTheScalarWeightedSumInDouble()
    {
        var random = new Random(5);
        var values = Enumerable.Range(0, 101).Select(_ => random.NextSingle() - 0.5f).ToArray();
        var sum = Enumerable.Range(0, 101).Select(index => index * 0.25).ToArray();
        var expected = sum.Select((start, index) => start + 3.0 * values[index]).ToArray();

        FloatVectors.AddScaled(sum, values, 3.0);

        Assert.Equal(expected, sum);
    }

    [Fact]
    public void AddScaledRefusesArraysOfDifferentLengths()
    {
        Assert.Throws<ArgumentException>(() => FloatVectors.AddScaled(new double[4], new float[5], 1.0));
    }
}
