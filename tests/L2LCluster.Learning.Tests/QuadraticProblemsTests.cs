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
