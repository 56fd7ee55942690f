using L2LCluster.Learning.Problems;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Tests;

public sealed class ReparamFamilyTests : IDisposable
{
    private const double MinScale = 0.001;
    private const double MaxScale = 1000;

    private readonly TempFolder _folder = new();

    public ReparamFamilyTests()
    {
        IdxWriter.WriteDataset(_folder.Path, trainCount: 50, testCount: 20);
    }

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string> Families => [.. SmallFamilies.Names];

    [Theory]
    [MemberData(nameof(Families))]
    public void TheLossOfThetaIsUnchangedAndTheGradientIsRescaledByTheChainRule(string name)
    {
        var inner = Inner(name);
        var family = new ReparamFamily(inner, MinScale, MaxScale);
        var seeds = ProblemSets.Training(9, 0, 0, 3);
        using var augmented = family.Sample(seeds, CPU);
        using var plain = inner.Sample(seeds, CPU);
        using var scales = tensor(seeds.SelectMany(family.ScalesOf).ToArray(), [3, family.CoordinatesPerProblem]);
        using var thetaPrime = (randn(3, family.CoordinatesPerProblem, generator: new Generator(3)) * 0.01 / scales).requires_grad_(true);
        using var theta = (thetaPrime.detach() * scales).requires_grad_(true);

        var (augmentedLosses, augmentedGradient) = ProblemGradients.Evaluate(augmented, thetaPrime, createGraph: false, retainGraph: false);
        var (plainLosses, plainGradient) = ProblemGradients.Evaluate(plain, theta, createGraph: false, retainGraph: false);

        // f′(θ′) = f(s ⊙ θ′) and ∇θ′ = s ⊙ ∇θ, to float32 rounding of the products.
        Assert.Equal(plainLosses.data<float>().ToArray(), augmentedLosses.data<float>().ToArray(), new RelativeComparer(1e-5));
        using var expected = plainGradient * scales;
        Assert.True(augmentedGradient.allclose(expected, rtol: 1e-4, atol: 1e-7), $"∇θ′ differs from s ⊙ ∇θ by up to {(augmentedGradient - expected).abs().max().item<float>()}");
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void TheFirstParametersAreTheSameThetaInTheNewCoordinates(string name)
    {
        var inner = Inner(name);
        var family = new ReparamFamily(inner, MinScale, MaxScale);
        var seeds = ProblemSets.Training(4, 1, 0, 3);
        using var augmented = family.Sample(seeds, CPU);
        using var plain = inner.Sample(seeds, CPU);
        using var scales = tensor(seeds.SelectMany(family.ScalesOf).ToArray(), [3, family.CoordinatesPerProblem]);
        using var thetaPrime = augmented.InitialParameters();
        using var theta = plain.InitialParameters();

        Assert.True((thetaPrime * scales).allclose(theta, rtol: 1e-5, atol: 1e-9));
    }

    [Fact]
    public void EachTensorGetsOneLogUniformScaleFromTheProblemSeedAndThePaddingNone()
    {
        var mlp = new ReparamFamily(Inner("mnist-mlp"), MinScale, MaxScale);
        var mixture = (MixtureFamily)Inner("mixture");
        var padded = new ReparamFamily(mixture, MinScale, MaxScale);
        var seeds = ProblemSets.Training(2, 0, 0, 200);

        var perTensor = seeds.SelectMany(seed => mlp.SegmentsOf(seed).Select(segment => mlp.ScalesOf(seed)[segment.Offset])).ToArray();

        Assert.Equal(mlp.ScalesOf(seeds[0]), new ReparamFamily(Inner("mnist-mlp"), MinScale, MaxScale).ScalesOf(seeds[0]));
        Assert.All(seeds.Take(5), seed => Assert.All(mlp.SegmentsOf(seed), segment =>
            Assert.Single(mlp.ScalesOf(seed).AsSpan(segment.Offset, segment.Length).ToArray().Distinct())));
        Assert.All(perTensor, scale => Assert.InRange(scale, MinScale * 0.999, MaxScale * 1.001));

        // log10 s is uniform on [−3, 3]: its mean 0 and its spread √3 (1.73), to a few standard errors over 800 tensors.
        var logs = perTensor.Select(scale => Math.Log10(scale)).ToArray();
        Assert.InRange(logs.Average(), -0.25, 0.25);
        Assert.InRange(Math.Sqrt(logs.Select(log => log * log).Average()), 1.55, 1.9);
        Assert.All(seeds.Take(20), seed =>
        {
            var used = mixture.FamilyOf(seed).CoordinatesPerProblem;
            Assert.All(padded.ScalesOf(seed).Skip(used), scale => Assert.Equal(1f, scale));
        });
    }

    [Fact]
    public void AnAugmentedSpecGivesAnAugmentedFamilyOfTheSameName()
    {
        var spec = new MetaTrainingSpec { Problem = "quadratic", Augmentation = new TaskAugmentation { ReparamScale = [0.1, 10] } }.Validate();

        var family = ProblemCatalog.BuiltIn().For(spec);

        Assert.IsType<ReparamFamily>(family);
        Assert.Equal("quadratic", family.Name);
        Assert.Equal(10, family.CoordinatesPerProblem);
        Assert.Equal(SpecFields.ReparamScale, Assert.Throws<InvalidSettingException>(() => new ReparamFamily(family, 10, 0.1)).Setting);
    }

    private IProblemFamily Inner(string name) => SmallFamilies.Named(name, _folder.Path);

    private sealed class RelativeComparer(double tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance * Math.Max(1.0, Math.Max(Math.Abs(x), Math.Abs(y)));

        public int GetHashCode(float obj) => 0;
    }
}
