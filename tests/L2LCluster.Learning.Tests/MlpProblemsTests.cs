using L2LCluster.Learning.Data;
using L2LCluster.Learning.Problems;
using L2LCluster.Runs;
using L2LCluster.Runs.Optimizers;
using L2LCluster.Runs.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Tests;

public sealed class MlpProblemsTests : IDisposable
{
    private const ulong FirstSeed = 0x1234;
    private const ulong SecondSeed = 0xBEEF;

    private readonly TempFolder _folder = new();

    public MlpProblemsTests()
    {
        IdxWriter.WriteDataset(_folder.Path, trainCount: 50, testCount: 20);
    }

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(new[] { 20 }, Activation.Sigmoid, 15_910)]
    [InlineData(new[] { 20 }, Activation.Relu, 15_910)]
    [InlineData(new[] { 40 }, Activation.Sigmoid, 784 * 40 + 40 + 40 * 10 + 10)]
    [InlineData(new[] { 20, 20 }, Activation.Sigmoid, 784 * 20 + 20 + 20 * 20 + 20 + 20 * 10 + 10)]
    public void CountsWeightsAndBiasesOfEveryLayer(int[] hiddenUnits, Activation activation, int coordinates)
    {
        var family = Family(new ProblemOptions { HiddenUnits = [.. hiddenUnits], Activation = activation, MinibatchSize = 8 });
        using var batch = family.Sample([FirstSeed, SecondSeed], CPU);
        using var initial = batch.InitialParameters();
        using var losses = batch.Losses(initial);

        Assert.Equal(coordinates, family.CoordinatesPerProblem);
        Assert.Equal(coordinates, batch.CoordinatesPerProblem);
        Assert.Equal([2L, coordinates], initial.shape);
        Assert.Equal([2L], losses.shape);
        Assert.All(losses.data<float>().ToArray(), loss => Assert.True(float.IsFinite(loss)));
    }

    [Fact]
    public void DefaultsToThePapersNetworkAndOptimizer()
    {
        var family = new MlpProblems();

        Assert.Equal("mnist-mlp", family.Name);
        Assert.Equal(MnistDataset.FashionMnistDirectory, family.DataDirectory);
        Assert.Equal([20], family.HiddenUnits);
        Assert.Equal(Activation.Sigmoid, family.Activation);
        Assert.Equal(128, family.MinibatchSize);
        Assert.Equal(DataSplit.Train, family.Split);
        Assert.Equal(GradientPreprocessing.LogAndSign(10.0), family.Defaults.Preprocessing);
        Assert.Equal(0.1, family.Defaults.OutputScale);
        Assert.Equal([20, 20], family.Defaults.HiddenSizes);
        Assert.Equal((1, 100, 20, 0.001), (family.Defaults.ProblemsPerBatch, family.Defaults.Horizon, family.Defaults.Unroll, family.Defaults.MetaLearningRate));
    }

    [Fact]
    public void SameSeedsGiveIdenticalInitialParametersAndLossSequences()
    {
        var family = Family();

        var (firstInitial, firstLosses) = Run(family, [FirstSeed, SecondSeed], steps: 4);
        var (secondInitial, secondLosses) = Run(family, [FirstSeed, SecondSeed], steps: 4);

        Assert.Equal(firstInitial, secondInitial);
        Assert.Equal(firstLosses, secondLosses);
        Assert.Equal(0.0, firstInitial.Average(), 3);
        Assert.InRange(StandardDeviation(firstInitial), 0.0095, 0.0105);
    }

    [Fact]
    public void DrawsAFreshMinibatchEveryStep()
    {
        var (_, losses) = Run(Family(), [FirstSeed], steps: 3);

        Assert.Equal(3, losses.Distinct().Count());
    }

    [Fact]
    public void BatchedProblemsMatchProblemsSampledSeparately()
    {
        var family = Family();

        var (batchedInitial, batchedLosses) = Run(family, [FirstSeed, SecondSeed], steps: 3);
        var (firstInitial, firstLosses) = Run(family, [FirstSeed], steps: 3);
        var (secondInitial, secondLosses) = Run(family, [SecondSeed], steps: 3);

        Assert.Equal([.. firstInitial, .. secondInitial], batchedInitial);
        for (var step = 0; step < 3; step++)
        {
            Assert.Equal(firstLosses[step], batchedLosses[2 * step], 6);
            Assert.Equal(secondLosses[step], batchedLosses[2 * step + 1], 6);
        }
    }

    [Fact]
    public void GradientRowsDependOnlyOnTheirOwnProblem()
    {
        var family = Family();
        using var scope = NewDisposeScope();
        using var batch = family.Sample([FirstSeed, SecondSeed], CPU);
        var parameters = batch.InitialParameters().requires_grad_();

        var losses = batch.Losses(parameters);
        var firstOnly = torch.autograd.grad([losses[0]], [parameters], retain_graph: true)[0];
        var summed = torch.autograd.grad([losses.sum()], [parameters])[0];

        Assert.All(summed.data<float>().ToArray(), value => Assert.True(float.IsFinite(value)));
        Assert.True(summed[0].abs().sum().item<float>() > 0);
        Assert.True(summed[1].abs().sum().item<float>() > 0);
        Assert.Equal(0.0f, firstOnly[1].abs().sum().item<float>());
        Assert.Equal(summed[0].data<float>().ToArray(), firstOnly[0].data<float>().ToArray());
    }

    [Fact]
    public void GradientOfABatchedProblemMatchesItsSeparateGradient()
    {
        var family = Family();
        using var scope = NewDisposeScope();
        using var batched = family.Sample([FirstSeed, SecondSeed], CPU);
        using var alone = family.Sample([SecondSeed], CPU);
        var batchedParameters = batched.InitialParameters().requires_grad_();
        var aloneParameters = alone.InitialParameters().requires_grad_();

        var batchedGradient = torch.autograd.grad([batched.Losses(batchedParameters).sum()], [batchedParameters])[0];
        var aloneGradient = torch.autograd.grad([alone.Losses(aloneParameters).sum()], [aloneParameters])[0];

        Assert.True(batchedGradient[1].allclose(aloneGradient[0], rtol: 1e-5, atol: 1e-8));
    }

    /// <summary>
    /// Copies of the problems one after the other (a grid search's learning rates) share each step's minibatch and the
    /// first layer's product; every copy's losses and gradients are those of its θ stepped alone, over several steps.
    /// </summary>
    [Fact]
    public void CopiesOfTheProblemsEachGetTheLossesAndGradientsOfTheirOwnParametersOverSeveralSteps()
    {
        var family = Family();
        ulong[] seeds = [FirstSeed, SecondSeed];
        using var scope = NewDisposeScope();
        using var copies = family.Sample([.. seeds, .. seeds, .. seeds], CPU);
        var alone = Enumerable.Range(0, 3).Select(_ => family.Sample(seeds, CPU)).ToArray();
        var parameters = copies.InitialParameters() + (randn(6, family.CoordinatesPerProblem, generator: new Generator(3)) * 0.1);
        for (var step = 0; step < 3; step++)
        {
            var (losses, gradient) = ProblemGradients.Evaluate(copies, parameters.detach().requires_grad_(true), createGraph: false, retainGraph: false);
            for (var copy = 0; copy < 3; copy++)
            {
                var own = parameters.narrow(0, 2 * copy, 2).detach().requires_grad_(true);
                var (aloneLosses, aloneGradient) = ProblemGradients.Evaluate(alone[copy], own, createGraph: false, retainGraph: false);
                Assert.True(losses.narrow(0, 2 * copy, 2).allclose(aloneLosses, rtol: 1e-6), $"step {step}, copy {copy}: losses differ");
                Assert.True(gradient.narrow(0, 2 * copy, 2).allclose(aloneGradient, rtol: 1e-5, atol: 1e-8), $"step {step}, copy {copy}: gradients differ");
            }

            parameters = parameters - (gradient * 0.5);
        }

        Assert.All(alone, batch => batch.Dispose());
    }

    [Fact]
    public void InitialLossIsNearChanceLevel()
    {
        var (_, losses) = Run(Family(), [FirstSeed, SecondSeed], steps: 2);

        Assert.All(losses, loss => Assert.Equal(Math.Log(10), loss, 0.05));
    }

    [Fact]
    public void TestSplitTrainsOnTheTestImages()
    {
        var (_, train) = Run(Family(), [FirstSeed], steps: 2);
        var (_, test) = Run(Family(new ProblemOptions { Split = DataSplit.Test }), [FirstSeed], steps: 2);

        Assert.NotEqual(train, test);
    }

    [Fact]
    public void RejectsParametersOfTheWrongShape()
    {
        using var batch = Family().Sample([FirstSeed, SecondSeed], CPU);
        using var wrong = zeros(1, batch.CoordinatesPerProblem);

        Assert.Throws<ArgumentException>(() => batch.Losses(wrong));
    }

    [Fact]
    public void RejectsImagesThatAreNot28By28()
    {
        using var small = new TempFolder();
        IdxWriter.WriteDataset(small.Path, trainCount: 4, testCount: 4, rows: 4, columns: 4);
        var family = new MlpProblems(new ProblemOptions { DataDirectory = small.Path });

        var error = Assert.Throws<InvalidSettingException>(() => family.Sample([FirstSeed], CPU));

        Assert.Equal(SpecFields.DataDirectory, error.Setting);
        Assert.Contains("4 × 4", error.Message);
    }

    public static TheoryData<ProblemOptions, string, string> InvalidOptions => new()
    {
        { new ProblemOptions { HiddenUnits = [0] }, SpecFields.HiddenUnits, "1 to 4096" },
        { new ProblemOptions { HiddenUnits = [20, 4097] }, SpecFields.HiddenUnits, "1 to 4096" },
        { new ProblemOptions { HiddenUnits = [] }, SpecFields.HiddenUnits, "1 to 8" },
        { new ProblemOptions { HiddenUnits = [.. Enumerable.Repeat(5, 9)] }, SpecFields.HiddenUnits, "1 to 8" },
        { new ProblemOptions { MinibatchSize = 0 }, SpecFields.MinibatchSize, "between 1 and 60000" },
        { new ProblemOptions { MinibatchSize = 60_001 }, SpecFields.MinibatchSize, "between 1 and 60000" },
        { new ProblemOptions { DataDirectory = " " }, SpecFields.DataDirectory, "must not be empty" },
        { new ProblemOptions { Activation = (Activation)7 }, SpecFields.Activation, "sigmoid, relu or tanh" },
        { new ProblemOptions { Split = (DataSplit)5 }, SpecFields.Split, "train or test" },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void RejectsInvalidOptionsNamingTheSetting(ProblemOptions options, string setting, string allowed)
    {
        var error = Assert.Throws<InvalidSettingException>(() => new MlpProblems(options));

        Assert.Equal(setting, error.Setting);
        Assert.Contains(allowed, error.Message);
    }

    private MlpProblems Family(ProblemOptions? options = null) =>
        new((options ?? new ProblemOptions()) with { DataDirectory = _folder.Path, MinibatchSize = options?.MinibatchSize ?? 16 });

    /// <summary>θ₀ flattened, and the losses of <paramref name="steps"/> calls at θ₀, step by step.</summary>
    private static (float[] Initial, float[] Losses) Run(MlpProblems family, ulong[] seeds, int steps)
    {
        using var scope = NewDisposeScope();
        using var batch = family.Sample(seeds, CPU);
        var initial = batch.InitialParameters();
        var losses = Enumerable.Range(0, steps).SelectMany(_ => batch.Losses(initial).data<float>().ToArray()).ToArray();
        return (initial.data<float>().ToArray(), losses);
    }

    private static double StandardDeviation(float[] values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Average(value => (value - mean) * (value - mean)));
    }
}
