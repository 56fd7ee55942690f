using L2LCluster.Learning.Baselines;
using L2LCluster.Learning.Evaluation;
using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Training;
using L2LCluster.Learning.Vision;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Tests;

/// <summary>The neural-art family on small generated images and on opencv-doc's photographs and The Starry Night.</summary>
public sealed class NeuralArtProblemsTests : IDisposable
{
    private const int Small = 32;

    private readonly TempFolder _folder = new();

    public NeuralArtProblemsTests() => GeneratedPhotographs.Write(_folder.Path);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void TheStyleLossIsInvariantToAPermutationOfPositionsWithinTheGramMatrix()
    {
        using var scope = NewDisposeScope();
        var network = ResNetFeatures.Load(null, CPU);
        var image = tensor(GeneratedPhotographs.Image(3, Small).Pixels, [1, 3, Small, Small]);
        var style = network.Forward(tensor(GeneratedPhotographs.Image(4, Small).Pixels, [1, 3, Small, Small]), NeuralArtProblems.StyleBlocks).Select(StyleTransferLoss.Gram).ToArray();
        var activations = network.Forward(image, NeuralArtProblems.StyleBlocks);
        var permuted = activations.Select(block => Permute(block, seed: 7)).ToArray();

        var loss = StyleTransferLoss.Style(activations, style).item<float>();
        var permutedLoss = StyleTransferLoss.Style(permuted, style).item<float>();

        Assert.True(loss > 0, $"style loss {loss}");
        Assert.Equal(loss, permutedLoss, loss * 1e-5);
        Assert.False(activations[1].allclose(permuted[1]), "the permutation moved no activation");
    }

    [Fact]
    public void TheStyleLossIsZeroForTheStyleImageItself()
    {
        var family = new NeuralArtProblems(new ProblemOptions { StyleWeight = 1 });
        var heavy = new NeuralArtProblems(new ProblemOptions { StyleWeight = 1000 });
        var seed = ProblemSets.HeldOut(1, 1);
        using var scope = NewDisposeScope();
        using var batch = family.Sample(seed, CPU);
        using var heavyBatch = heavy.Sample(seed, CPU);
        var style = tensor(family.StyleImage.Pixels, [1, family.CoordinatesPerProblem]);

        var loss = batch.Losses(style).item<float>();

        Assert.Equal(loss, heavyBatch.Losses(style).item<float>(), loss * 1e-5);
        Assert.True(loss > 0, "the style image has the content of no photograph");
    }

    [Fact]
    public void TheContentLossIsZeroForTheContentImage()
    {
        var (light, heavy) = (0.5, 2.0);
        var family = new NeuralArtProblems(new ProblemOptions { StyleWeight = light, Split = DataSplit.Test });
        var seed = ProblemSets.HeldOut(2, 1);
        using var scope = NewDisposeScope();
        using var batch = family.Sample(seed, CPU);
        using var heavyBatch = new NeuralArtProblems(new ProblemOptions { StyleWeight = heavy, Split = DataSplit.Test }).Sample(seed, CPU);
        var content = tensor(family.Draw(seed[0]).Pixels, [1, family.CoordinatesPerProblem]);

        var (lightLoss, heavyLoss) = (batch.Losses(content).item<float>(), heavyBatch.Losses(content).item<float>());

        // Only the style term is left, so the loss scales with λ.
        Assert.True(lightLoss > 0);
        Assert.Equal(lightLoss / light, heavyLoss / heavy, lightLoss * 1e-4);
    }

    [Fact]
    public void TheSameSeedsGiveTheSameImagesAndLossesAndOtherSeedsOthers()
    {
        var family = Generated();
        var seeds = ProblemSets.Training(1, 0, 0, 2);

        var first = OptimizationRun.Run(family, seeds, new BaselineOptimizer(BaselineKind.Adam, 0.03), 3, CPU);
        var again = OptimizationRun.Run(family, seeds, new BaselineOptimizer(BaselineKind.Adam, 0.03), 3, CPU);
        var other = OptimizationRun.Run(family, ProblemSets.Training(2, 0, 0, 2), new BaselineOptimizer(BaselineKind.Adam, 0.03), 3, CPU);

        Assert.Equal(first.Losses, again.Losses);
        Assert.Equal(family.Draw(seeds[0]).Pixels, family.Draw(seeds[0]).Pixels);
        Assert.NotEqual(first.Losses[0], other.Losses[0]);
    }

    [Fact]
    public void EachImageOfABatchHasTheLossItHasAlone()
    {
        var family = Generated();
        var seeds = ProblemSets.HeldOut(5, 3);
        using var scope = NewDisposeScope();
        using var together = family.Sample(seeds, CPU);

        var losses = together.Losses(together.InitialParameters()).data<float>().ToArray();

        for (var problem = 0; problem < seeds.Length; problem++)
        {
            using var alone = family.Sample([seeds[problem]], CPU);
            Assert.Equal(alone.Losses(alone.InitialParameters()).item<float>(), losses[problem], losses[problem] * 1e-5);
        }
    }

    [Fact]
    public void HeldOutProblemsUsePhotographsTheTrainingNeverSees()
    {
        var style = Path.Combine(NeuralArtProblems.DefaultContentDirectory, NeuralArtProblems.DefaultStyleFile);
        var images = NeuralArtImages.Load(NeuralArtProblems.DefaultContentDirectory, style, SpecFields.ContentDirectory);
        var training = images.Training.Select(image => image.Name).ToHashSet();
        var heldOut = images.HeldOut.Select(image => image.Name).ToHashSet();

        Assert.True(training.Count >= 20 && heldOut.Count >= 10, $"{training.Count} training and {heldOut.Count} held-out photographs");
        Assert.Empty(training.Intersect(heldOut));
        Assert.DoesNotContain(NeuralArtProblems.DefaultStyleFile, training.Union(heldOut));
        Assert.All(images.HeldOut, image => Assert.True(image.Image.IsColour && Math.Min(image.Image.Width, image.Image.Height) >= NeuralArtImages.MinimumSide, image.Name));
        var drawn = new NeuralArtProblems(new ProblemOptions { Split = DataSplit.Test, ImageSize = Small }).Draw(ProblemSets.HeldOut(1, 1)[0]);
        Assert.Equal((Small, Small), (drawn.Width, drawn.Height));
    }

    [Fact]
    public void TheLearnedOptimizerMetaTrainsOnGeneratedImages()
    {
        var options = new ProblemOptions { ContentDirectory = _folder.Path, StyleFile = GeneratedPhotographs.StyleFile, ImageSize = Small };
        var family = new NeuralArtProblems(options);
        var spec = TrainingSpecs.ForFamily(family, options) with { Iterations = 3, Unroll = 2, Horizon = 4 };
        using var trainer = new MetaTrainer(spec, family, CPU);
        var initial = (float[])trainer.Phi.Clone();

        var reports = Enumerable.Range(0, spec.Iterations).Select(_ => trainer.Step()).ToArray();

        Assert.All(reports, report => Assert.True(report.Applied && double.IsFinite(report.MetaLoss), $"iteration {report.Iteration}: meta-loss {report.MetaLoss}"));
        Assert.NotEqual(initial, trainer.Phi);
        Assert.Equal((128, 32, 1.0, 10.0), (family.Defaults.Horizon, family.Defaults.Unroll, family.Defaults.OutputScale, family.Defaults.Preprocessing.Exponent));
    }

    [Theory]
    [InlineData(SpecFields.ImageSize, 16, null, null)]
    [InlineData(SpecFields.ImageSize, 512, null, null)]
    [InlineData(SpecFields.StyleFile, null, null, "absent.jpg")]
    [InlineData(SpecFields.ContentDirectory, null, "/nonexistent/photographs", null)]
    public void BadSettingsAreRefusedNamingTheField(string field, int? size, string? contentDirectory, string? style)
    {
        var error = Assert.Throws<InvalidSettingException>(() => new NeuralArtProblems(new ProblemOptions { ImageSize = size, ContentDirectory = contentDirectory, StyleFile = style }));

        Assert.Equal(field, error.Setting);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void TheDataFolderGivesTheContentPhotographsAndItsRefusalsNameIt()
    {
        var style = Path.Combine(_folder.Path, GeneratedPhotographs.StyleFile);
        var empty = Directory.CreateDirectory(Path.Combine(_folder.Path, "empty")).FullName;

        var family = new NeuralArtProblems(new ProblemOptions { DataDirectory = _folder.Path, StyleFile = style, ImageSize = Small });
        var missing = Assert.Throws<InvalidSettingException>(() => new NeuralArtProblems(new ProblemOptions { DataDirectory = "/nonexistent/photographs" }));
        var unusable = Assert.Throws<InvalidSettingException>(() => new NeuralArtProblems(new ProblemOptions { DataDirectory = empty, StyleFile = style }).Draw(1));

        Assert.Equal(Generated().Draw(3).Pixels, family.Draw(3).Pixels);
        Assert.Equal((SpecFields.DataDirectory, SpecFields.DataDirectory), (missing.Setting, unusable.Setting));
        Assert.Contains("/nonexistent/photographs", missing.Reason, StringComparison.Ordinal);
        Assert.Contains("0 usable content image(s)", unusable.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoDifferentContentFoldersAreRefused()
    {
        var error = Assert.Throws<InvalidSettingException>(() => new NeuralArtProblems(new ProblemOptions { ContentDirectory = _folder.Path, DataDirectory = "/elsewhere" }));

        Assert.Equal(SpecFields.ContentDirectory, error.Setting);
        Assert.Contains("/elsewhere", error.Reason, StringComparison.Ordinal);
        Assert.Equal(_folder.Path, new NeuralArtProblems(new ProblemOptions { ContentDirectory = _folder.Path, DataDirectory = _folder.Path + "/", StyleFile = GeneratedPhotographs.StyleFile }).ContentDirectory);
    }

    private NeuralArtProblems Generated() =>
        new(new ProblemOptions { ContentDirectory = _folder.Path, StyleFile = GeneratedPhotographs.StyleFile, ImageSize = Small });

    /// <summary>The activations [1, C, H, W] with their H·W positions shuffled, the same shuffle for every channel.</summary>
    private static Tensor Permute(Tensor activations, ulong seed)
    {
        var positions = (int)(activations.shape[2] * activations.shape[3]);
        var order = Enumerable.Range(0, positions).ToArray();
        new Random((int)seed).Shuffle(order);
        var index = tensor(order.Select(position => (long)position).ToArray());
        return activations.flatten(2).index_select(2, index).view(activations.shape);
    }
}
