using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Training;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Tests;

public sealed class MixtureFamilyTests : IDisposable
{
    private const ulong RunSeed = 17;
    private const int ProblemCount = 9;

    private readonly TempFolder _folder = new();

    public MixtureFamilyTests()
    {
        IdxWriter.WriteDataset(_folder.Path, trainCount: 50, testCount: 20);
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>Small MLPs and quadratics, so that one batch holds problems of many sizes.</summary>
    private static TaskMixture SmallMixture { get; } = new(
    [
        new MixtureComponent { Family = "mnist-mlp", Weight = 2, HiddenWidth = [2, 6], Depth = [1, 3], Activations = [Activation.Sigmoid, Activation.Relu, Activation.Tanh], MinibatchSize = [4, 8] },
        new MixtureComponent { Family = "quadratic", Weight = 1, Dimensions = [2, 50] },
    ]);

    private ProblemOptions Options => new() { DataDirectory = _folder.Path };

    private MixtureFamily Family() => new(SmallMixture, Options, ProblemCatalog.BuiltIn());

    [Fact]
    public void TheSameProblemsArePaddedToTheLargestTheMixtureCanDraw()
    {
        var family = Family();

        Assert.Equal(new MlpProblems(Options with { HiddenUnits = [6, 6, 6] }).CoordinatesPerProblem, family.CoordinatesPerProblem);
        Assert.Equal("mixture", family.Name);
        Assert.Equal(new MlpProblems().Defaults, family.Defaults);
    }

    [Fact]
    public void OneBatchAndThreeDisjointRangesDrawTheSameProblemsStepByStep()
    {
        var whole = Trajectory(Family(), ProblemSets.Training(RunSeed, 3, 0, ProblemCount));

        // As three workers would: each its own family object and range of problem indices.
        var split = new[] { (0, 3), (3, 4), (7, 2) }
            .SelectMany(range => Trajectory(Family(), ProblemSets.Training(RunSeed, 3, range.Item1, range.Item2)))
            .ToArray();

        Assert.Equal(whole.Length, split.Length);
        for (var problem = 0; problem < ProblemCount; problem++)
        {
            Assert.Equal(whole[problem].Initial, split[problem].Initial);

            // The problems are identical; batched products of other batch sizes may round their last bit differently.
            Assert.Equal(whole[problem].Losses, split[problem].Losses, (x, y) => Math.Abs(x - y) <= 1e-6 * Math.Max(1.0, Math.Abs(x)));
        }
    }

    [Fact]
    public void AProblemOfTheMixtureIsItsComponentsProblemOfTheSameSeedAndItsPaddingIsInert()
    {
        var family = Family();
        var seeds = ProblemSets.Training(RunSeed, 0, 0, ProblemCount);
        using var batch = family.Sample(seeds, CPU);
        using var theta = batch.InitialParameters().requires_grad_(true);
        var (losses, gradient) = ProblemGradients.Evaluate(batch, theta, createGraph: false, retainGraph: false);

        var sizes = new HashSet<int>();
        for (var problem = 0; problem < ProblemCount; problem++)
        {
            var component = family.FamilyOf(seeds[problem]);
            sizes.Add(component.CoordinatesPerProblem);
            using var alone = component.Sample([seeds[problem]], CPU);
            using var initial = alone.InitialParameters();
            using var aloneLoss = alone.Losses(initial);
            var row = theta[problem].detach();

            Assert.Equal(initial[0].data<float>().ToArray(), row.narrow(0, 0, component.CoordinatesPerProblem).data<float>().ToArray());
            Assert.Equal(aloneLoss.item<float>(), losses[problem].item<float>(), 5);
            Assert.All(gradient[problem].narrow(0, component.CoordinatesPerProblem, family.CoordinatesPerProblem - component.CoordinatesPerProblem).data<float>().ToArray(), value => Assert.Equal(0f, value));
            Assert.All(row.narrow(0, component.CoordinatesPerProblem, family.CoordinatesPerProblem - component.CoordinatesPerProblem).data<float>().ToArray(), value => Assert.Equal(0f, value));
        }

        Assert.True(sizes.Count > 1, "a batch of the small mixture should hold problems of several sizes");
    }

    [Fact]
    public void TheMixtureHonoursItsWeightsAndRanges()
    {
        const int Draws = 4000;
        var family = Family();
        var drawn = ProblemSets.Training(RunSeed, 0, 0, Draws).Select(family.FamilyOf).ToArray();
        var mlps = drawn.OfType<MlpProblems>().ToArray();
        var quadratics = drawn.OfType<QuadraticProblems>().ToArray();

        // Weight 2 of 3: the fraction's standard deviation over 4,000 draws is 0.0075, so ±0.03 is four of them.
        Assert.Equal(Draws, mlps.Length + quadratics.Length);
        Assert.InRange(mlps.Length / (double)Draws, (2.0 / 3) - 0.03, (2.0 / 3) + 0.03);
        Assert.All(mlps, mlp =>
        {
            Assert.InRange(mlp.HiddenUnits.Count, 1, 3);
            Assert.All(mlp.HiddenUnits, width => Assert.InRange(width, 2, 6));
            Assert.InRange(mlp.MinibatchSize, 4, 8);
        });
        Assert.Equal([1, 2, 3], mlps.Select(mlp => mlp.HiddenUnits.Count).Distinct().Order());
        Assert.Equal([2, 3, 4, 5, 6], mlps.Select(mlp => mlp.HiddenUnits[0]).Distinct().Order());
        Assert.Equal(3, mlps.Select(mlp => mlp.Activation).Distinct().Count());
        Assert.All(quadratics, quadratic => Assert.InRange(quadratic.Dimensions, 2, 50));
        Assert.Equal(49, quadratics.Select(quadratic => quadratic.Dimensions).Distinct().Count());
    }

    [Fact]
    public void AQuadraticComponentsConditioningRangeReachesEveryProblemItDrawsThroughOneFamilyPerDimension()
    {
        var mixture = new TaskMixture([new MixtureComponent { Family = "quadratic", Dimensions = [3, 4], Conditioning = [10, 1000] }]);
        var family = new MixtureFamily(mixture, Options, ProblemCatalog.BuiltIn());

        var drawn = ProblemSets.Training(RunSeed, 0, 0, 64).Select(family.FamilyOf).Cast<QuadraticProblems>().ToArray();

        Assert.All(drawn, quadratic => Assert.Equal([10.0, 1000.0], quadratic.Conditioning!.Value.ToArray()));
        Assert.Equal(2, drawn.Distinct().Count());
    }

    [Fact]
    public void AnUnknownFamilyIsRefusedInOneLineNamingItsComponent()
    {
        var mixture = new TaskMixture([SmallMixture.Components[1], new MixtureComponent { Family = "resnet-9000" }]);

        var error = Assert.Throws<InvalidSettingException>(() => new MixtureFamily(mixture, Options, ProblemCatalog.BuiltIn()));

        Assert.Equal("mixture.components[1].family", error.Setting);
        Assert.Contains("unknown family 'resnet-9000'; known: ", error.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ATenIterationMetaTrainingOnASmallMixtureHasAFiniteMetaLoss(bool augmented)
    {
        var spec = new MetaTrainingSpec
        {
            Problem = TaskMixture.ProblemName,
            Mixture = SmallMixture,
            Augmentation = augmented ? new TaskAugmentation { ReparamScale = [0.01, 100] } : null,
            ProblemOptions = Options,
            Iterations = 10,
            Problems = 4,
            Unroll = 5,
            Horizon = 10,
            Seed = 5,
        }.Validate();
        var family = ProblemCatalog.BuiltIn().For(spec);
        using var trainer = new MetaTrainer(spec, family, CPU);

        var reports = Enumerable.Range(0, spec.Iterations).Select(_ => trainer.Step()).ToArray();

        Assert.Equal(augmented, family is ReparamFamily);
        Assert.True(trainer.IsComplete);
        Assert.All(reports, report => Assert.True(double.IsFinite(report.MetaLoss), $"iteration {report.Iteration}: meta-loss {report.MetaLoss}"));
        Assert.All(trainer.Phi, value => Assert.True(float.IsFinite(value)));
    }

    /// <summary>Each problem's θ₀ (unpadded) and its losses over three steps of plain gradient descent.</summary>
    private static (float[] Initial, float[] Losses)[] Trajectory(MixtureFamily family, ulong[] seeds)
    {
        using var batch = family.Sample(seeds, CPU);
        var theta = batch.InitialParameters();
        var initial = theta.data<float>().ToArray();
        var losses = new List<float[]>();
        for (var step = 0; step < 3; step++)
        {
            using var scope = NewDisposeScope();
            var parameters = theta.detach().requires_grad_(true);
            var (loss, gradient) = ProblemGradients.Evaluate(batch, parameters, createGraph: false, retainGraph: false);
            losses.Add(loss.data<float>().ToArray());
            theta = (parameters.detach() - (gradient * 0.01)).MoveToOuterDisposeScope();
        }

        theta.Dispose();
        var width = family.CoordinatesPerProblem;
        return [.. seeds.Select((seed, problem) => (
            initial.AsSpan(problem * width, family.FamilyOf(seed).CoordinatesPerProblem).ToArray(),
            losses.Select(step => step[problem]).ToArray()))];
    }
}
