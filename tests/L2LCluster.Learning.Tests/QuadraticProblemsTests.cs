using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Randomness;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Tests;

public sealed class QuadraticProblemsTests
{
    [Fact]
    public void LossIsTheSquaredResidualOfTheSeededMatrixAndTarget()
    {
        var seeds = ProblemSets.Training(3, 0, 0, 2);
        using var batch = new QuadraticProblems(4).Sample(seeds, CPU);
        using var theta = randn(2, 4, generator: new Generator(1));

        var losses = batch.Losses(theta).data<float>().ToArray();

        var values = theta.data<float>().ToArray();
        for (var problem = 0; problem < 2; problem++)
        {
            var random = new DeterministicRandom(seeds[problem]);
            var matrix = new float[16];
            var target = new float[4];
            random.FillGaussian(matrix);
            random.FillGaussian(target);
            var expected = 0.0;
            for (var row = 0; row < 4; row++)
            {
                var residual = -target[row];
                for (var column = 0; column < 4; column++)
                {
                    residual += matrix[(row * 4) + column] * values[(problem * 4) + column];
                }

                expected += residual * residual;
            }

            Assert.Equal(expected, losses[problem], 3);
        }
    }

    [Fact]
    public void TheMinimumIsTheLeastSquaresSolution()
    {
        var seeds = ProblemSets.Training(8, 0, 0, 3);
        using var scope = NewDisposeScope();
        using var batch = new QuadraticProblems(10).Sample(seeds, CPU);
        var matrices = stack(seeds.Select(seed => Matrix(seed, 10)).ToArray());
        var targets = stack(seeds.Select(seed => Target(seed, 10)).ToArray());

        var solution = linalg.lstsq(matrices.to_type(ScalarType.Float64), targets.unsqueeze(2).to_type(ScalarType.Float64)).Solution.squeeze(2).to_type(ScalarType.Float32);
        var atMinimum = solution.clone().requires_grad_(true);
        var (losses, gradient) = ProblemGradients.Evaluate(batch, atMinimum, createGraph: false, retainGraph: false);
        var nearby = batch.Losses(solution + (0.01 * ones_like(solution)));

        Assert.True(losses.max().item<float>() < 1e-6 * targets.square().sum(1).min().item<float>() + 1e-5);
        Assert.True(gradient.abs().max().item<float>() < 1e-3);
        Assert.True((nearby - losses).min().item<float>() > 0);
    }

    [Fact]
    public void TheClosedFormGradientIsAutogradsToTheBit()
    {
        using var scope = NewDisposeScope();
        using var batch = new QuadraticProblems(10).Sample(ProblemSets.Training(5, 0, 0, 16), CPU);
        var theta = randn(16, 10, generator: manual_seed(11));

        var closed = ((IClosedFormGradient)batch).LossesAndGradient(theta);
        var tracked = theta.clone().requires_grad_(true);
        var losses = batch.Losses(tracked);
        var gradient = autograd.grad([losses.sum()], [tracked])[0];

        Assert.Equal(losses.detach().data<float>().ToArray(), closed.Losses.data<float>().ToArray());
        Assert.Equal(gradient.data<float>().ToArray(), closed.Gradient.data<float>().ToArray());
        Assert.False(closed.Gradient.requires_grad);
    }

    [Fact]
    public void TheUniformVariantDrawsEntriesInTheUnitInterval()
    {
        using var batch = new QuadraticProblems(10, QuadraticDistribution.Uniform).Sample(ProblemSets.Training(1, 0, 0, 8), CPU);
        using var zero = zeros(8, 10);

        // At θ = 0 the loss is ‖y‖² with y uniform in [0, 1)^10: between 0 and 10.
        Assert.All(batch.Losses(zero).data<float>().ToArray(), loss => Assert.InRange(loss, 0f, 10f));
    }

    [Fact]
    public void TheSameSeedsGiveTheSameProblemsAndStartingPoints()
    {
        var seeds = ProblemSets.Training(5, 2, 0, 4);
        using var first = new QuadraticProblems().Sample(seeds, CPU);
        using var second = new QuadraticProblems().Sample(seeds, CPU);
        using var start = first.InitialParameters();

        Assert.True(start.equal(second.InitialParameters()).all().item<bool>());
        Assert.True(first.Losses(start).equal(second.Losses(start)).all().item<bool>());
        Assert.InRange(start.std().item<float>(), 0.005f, 0.02f);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(QuadraticProblems.MaxDimensions + 1)]
    [InlineData(50_000)]
    public void AnOutOfRangeDimensionIsRejectedNamingTheField(int dimensions)
    {
        var error = Assert.Throws<InvalidSettingException>(() => new QuadraticProblems(dimensions));

        Assert.Equal(SpecFields.Dimensions, error.Setting);
        Assert.Contains($"between 1 and {QuadraticProblems.MaxDimensions}", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AConditionedProblemIsTheSameProblemWithItsCoordinatesRescaledToSpanTheConditionNumber()
    {
        var seeds = ProblemSets.Training(5, 0, 0, 4);
        using var scope = NewDisposeScope();
        using var plain = new QuadraticProblems(6).Sample(seeds, CPU);
        using var conditioned = new QuadraticProblems(6, conditioning: [1e4, 1e4]).Sample(seeds, CPU);
        var theta = randn(4, 6, generator: new Generator(2));
        // Column j scaled by κ^(−j/10): curvature along coordinate j by κ^(−j/5), from 1 down to 1/κ.
        var scales = tensor(Enumerable.Range(0, 6).Select(column => (float)Math.Pow(1e4, -column / 10.0)).ToArray());

        Assert.True(conditioned.Losses(theta).allclose(plain.Losses(theta * scales), rtol: 1e-5, atol: 1e-5));
        Assert.Equal(plain.InitialParameters().data<float>().ToArray(), conditioned.InitialParameters().data<float>().ToArray());
    }

    [Fact]
    public void EachProblemDrawsItsOwnConditionNumberFromTheRangeAndSeedsFixThem()
    {
        var seeds = ProblemSets.Training(5, 0, 0, 16);
        var family = new QuadraticProblems(2, conditioning: [1, 1e6]);
        using var scope = NewDisposeScope();
        using var plain = new QuadraticProblems(2).Sample(seeds, CPU);
        using var batch = family.Sample(seeds, CPU);
        using var again = family.Sample(seeds, CPU);
        // With two coordinates the second column is scaled by κ^(−1/2): the curvature along e₂, f(e₂) + f(−e₂) − 2f(0),
        // is the plain problem's over κ.
        var along = zeros(16, 2);
        along[.., 1] = tensor(1f);
        Tensor Curvature(IProblemBatch problems) => problems.Losses(along) + problems.Losses(-along) - (2 * problems.Losses(zeros(16, 2)));
        var conditions = (Curvature(plain) / Curvature(batch)).data<float>().ToArray();

        Assert.Equal(batch.Losses(along).data<float>().ToArray(), again.Losses(along).data<float>().ToArray());
        Assert.All(conditions, condition => Assert.InRange(condition, 1 - 1e-2, 1e6 * (1 + 1e-2)));
        Assert.True(conditions.Max() / conditions.Min() > 100, string.Join(", ", conditions));
    }

    [Theory]
    [InlineData(0.5, 10)]
    [InlineData(10, 2)]
    [InlineData(1, 1e9)]
    [InlineData(1, double.PositiveInfinity)]
    public void AConditioningRangeOutsideOneToAHundredMillionIsRefusedNamingTheField(double min, double max)
    {
        var error = Assert.Throws<InvalidSettingException>(() => new QuadraticProblems(4, conditioning: [min, max]));

        Assert.Equal(SpecFields.Conditioning, error.Setting);
        Assert.Contains("1 ≤ MIN ≤ MAX ≤ 10⁸", error.Reason, StringComparison.Ordinal);
    }

    private static Tensor Matrix(ulong seed, int dimensions)
    {
        var values = new float[dimensions * dimensions];
        new DeterministicRandom(seed).FillGaussian(values);
        return tensor(values, [dimensions, dimensions]);
    }

    private static Tensor Target(ulong seed, int dimensions)
    {
        var random = new DeterministicRandom(seed);
        random.FillGaussian(new float[dimensions * dimensions]);
        var values = new float[dimensions];
        random.FillGaussian(values);
        return tensor(values);
    }
}
