using L2LCluster.Learning.Problems;
using L2LCluster.Runs.Specs;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Tests;

public sealed class GradientNormalizedFamilyTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public GradientNormalizedFamilyTests()
    {
        IdxWriter.WriteDataset(_folder.Path, trainCount: 50, testCount: 20);
    }

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string> Families => [.. SmallFamilies.Names];

    [Theory]
    [MemberData(nameof(Families))]
    public void TheLossesAreTheInnerOnesAndEachProblemsGradientIsItsOwnDividedByItsNorm(string name)
    {
        var inner = Inner(name);
        var family = new GradientNormalizedFamily(inner);
        var seeds = ProblemSets.Training(9, 0, 0, 4);
        using var normalized = family.Sample(seeds, CPU);
        using var plain = inner.Sample(seeds, CPU);
        using var theta = (normalized.InitialParameters() + (randn(4, family.CoordinatesPerProblem, generator: new Generator(5)) * 0.01)).requires_grad_(true);

        var (losses, gradient) = ProblemGradients.Evaluate(normalized, theta, createGraph: false, retainGraph: false);
        var (plainLosses, plainGradient) = ProblemGradients.Evaluate(plain, theta, createGraph: false, retainGraph: false);

        Assert.Equal(plainLosses.data<float>().ToArray(), losses.data<float>().ToArray());
        Assert.All(gradient.norm(1).data<float>().ToArray(), norm => Assert.Equal(1.0, norm, 1e-5));
        using var expected = plainGradient / plainGradient.norm(1, keepdim: true);
        Assert.True(gradient.allclose(expected, rtol: 1e-5, atol: 1e-8), $"differs from g / ‖g‖ by up to {(gradient - expected).abs().max().item<float>()}");
        Assert.Equal(family.SegmentsOf(seeds[0]), IProblemLayouts.Of(inner, seeds[0]));
    }

    [Fact]
    public void OnAMixtureThePaddingKeepsAZeroGradient()
    {
        var mixture = (MixtureFamily)Inner("mixture");
        var family = new GradientNormalizedFamily(mixture);
        var seeds = ProblemSets.Training(2, 0, 0, 8);
        using var batch = family.Sample(seeds, CPU);
        using var theta = batch.InitialParameters().requires_grad_(true);

        var (_, gradient) = ProblemGradients.Evaluate(batch, theta, createGraph: false, retainGraph: false);

        for (var row = 0; row < seeds.Length; row++)
        {
            var used = mixture.FamilyOf(seeds[row]).CoordinatesPerProblem;
            Assert.Equal(0f, gradient[row].narrow(0, used, family.CoordinatesPerProblem - used).abs().sum().item<float>());
        }
    }

    [Fact]
    public void AZeroGradientStaysZeroInsteadOfBecomingNaN()
    {
        var family = new GradientNormalizedFamily(new FlatProblems());
        using var batch = family.Sample(ProblemSets.Training(1, 0, 0, 2), CPU);
        using var theta = batch.InitialParameters().requires_grad_(true);

        var (_, gradient) = ProblemGradients.Evaluate(batch, theta, createGraph: false, retainGraph: false);

        Assert.Equal(new float[6], gradient.data<float>().ToArray());
    }

    [Fact]
    public void WithSecondOrderTermsTheNormalizedGradientStaysDifferentiable()
    {
        var family = new GradientNormalizedFamily(new QuadraticProblems(5));
        using var batch = family.Sample(ProblemSets.Training(3, 0, 0, 2), CPU);
        using var theta = batch.InitialParameters().requires_grad_(true);

        var (_, gradient) = ProblemGradients.Evaluate(batch, theta, createGraph: true, retainGraph: true);

        Assert.True(gradient.requires_grad);
        // ĝ · ĝ = 1 for every θ, so its derivative along θ vanishes: the normalization is inside the graph.
        using var unit = gradient.square().sum();
        var derivative = autograd.grad([unit], [theta])[0];
        Assert.True(derivative.abs().max().item<float>() < 1e-4, $"∂(ĝ·ĝ)/∂θ reaches {derivative.abs().max().item<float>()}");
    }

    [Fact]
    public void ASpecWithBothAugmentationsNormalizesTheReparametrizedGradient()
    {
        var spec = new MetaTrainingSpec
        {
            Problem = "quadratic",
            Augmentation = new TaskAugmentation { ReparamScale = [0.01, 100], NormalizeGradient = true },
        }.Validate();
        var seeds = ProblemSets.Training(4, 0, 0, 3);
        var family = ProblemCatalog.BuiltIn().For(spec);
        var reparametrized = ProblemCatalog.BuiltIn().For(spec with { Augmentation = spec.Augmentation! with { NormalizeGradient = null } });
        using var batch = family.Sample(seeds, CPU);
        using var plain = reparametrized.Sample(seeds, CPU);
        using var theta = batch.InitialParameters().requires_grad_(true);

        var (_, gradient) = ProblemGradients.Evaluate(batch, theta, createGraph: false, retainGraph: false);
        var (_, reparametrizedGradient) = ProblemGradients.Evaluate(plain, theta, createGraph: false, retainGraph: false);

        Assert.IsType<GradientNormalizedFamily>(family);
        Assert.Equal("quadratic", family.Name);
        using var expected = reparametrizedGradient / reparametrizedGradient.norm(1, keepdim: true);
        Assert.True(gradient.allclose(expected, rtol: 1e-5, atol: 1e-8));
    }

    private IProblemFamily Inner(string name) => SmallFamilies.Named(name, _folder.Path);

    /// <summary>A loss that depends on θ but has a zero gradient everywhere.</summary>
    private sealed class FlatProblems : IProblemFamily
    {
        public string Name => "flat";

        public ProblemDefaults Defaults => new QuadraticProblems(3).Defaults;

        public int CoordinatesPerProblem => 3;

        public IProblemBatch Sample(IReadOnlyList<ulong> problemSeeds, Device device) => new Batch(problemSeeds.Count);

        private sealed class Batch(int problems) : IProblemBatch
        {
            public int ProblemCount => problems;

            public int CoordinatesPerProblem => 3;

            public Tensor InitialParameters() => ones(problems, 3);

            public Tensor Losses(Tensor parameters) => parameters.mul(0).sum(1).add(1);

            public void Dispose()
            {
            }
        }
    }
}
