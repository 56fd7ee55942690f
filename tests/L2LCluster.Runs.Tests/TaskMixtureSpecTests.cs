using L2LCluster.Runs.Specs;

namespace L2LCluster.Runs.Tests;

public sealed class TaskMixtureSpecTests
{
    /// <summary>The README's mixture file.</summary>
    private const string ReadmeMixture = """
        {
          "components": [
            { "family": "mnist-mlp", "weight": 2, "hiddenWidth": [10, 100], "depth": [1, 3], "activations": ["sigmoid", "relu", "tanh"], "minibatchSize": [32, 256] },
            { "family": "mnist-conv", "weight": 1, "channels": [8, 32], "activations": ["relu", "tanh"], "minibatchSize": [32, 128] },
            { "family": "quadratic", "weight": 1, "dimensions": [2, 50] }
          ]
        }
        """;

    private static TaskMixture Mixture { get; } = SpecJson.ParseMixture(ReadmeMixture, "mixture.json");

    public static MetaTrainingSpec MixtureSpec { get; } = TestRuns.LinearSpec with
    {
        Problem = TaskMixture.ProblemName,
        Mixture = Mixture,
        Augmentation = new TaskAugmentation { ReparamScale = [0.001, 1000], NormalizeGradient = true },
    };

    [Fact]
    public void AMixtureFileReadsAsTheTypedMixture()
    {
        Assert.Equal(3, Mixture.Components.Length);
        Assert.Equal(("mnist-mlp", 2.0), (Mixture.Components[0].Family, Mixture.Components[0].Weight));
        Assert.Equal([10, 100], Mixture.Components[0].HiddenWidth!.Value.ToArray());
        Assert.Equal([Activation.Sigmoid, Activation.Relu, Activation.Tanh], Mixture.Components[0].Activations!.Value.ToArray());
        Assert.Equal([8, 32], Mixture.Components[1].Channels!.Value.ToArray());
        Assert.Equal([2, 50], Mixture.Components[2].Dimensions!.Value.ToArray());
        Assert.Null(Mixture.Components[2].HiddenWidth);
    }

    [Fact]
    public void ASpecWithAMixtureAndAnAugmentationReadBackFromItsJsonEqualsTheSpec()
    {
        var json = SpecJson.Serialize(MixtureSpec);
        var read = SpecJson.Parse(json, "spec.json");

        Assert.Equal(MixtureSpec, read);
        Assert.Equal(json, SpecJson.Serialize(read));
        Assert.Contains("\"reparamScale\"", json, StringComparison.Ordinal);
        Assert.Contains("\"normalizeGradient\": true", json, StringComparison.Ordinal);
        Assert.NotEqual(MixtureSpec, read with { Mixture = new TaskMixture([Mixture.Components[0] with { Weight = 3 }, .. Mixture.Components.Skip(1)]) });
        Assert.DoesNotContain("mixture", SpecJson.Serialize(TestRuns.LinearSpec), StringComparison.Ordinal);
        Assert.DoesNotContain("augmentation", SpecJson.Serialize(TestRuns.LinearSpec), StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> BadMixtures => new()
    {
        { """{ "components": [] }""", "mixture.components", "1 to 64 components" },
        { """{ }""", "mixture.components", "1 to 64 components" },
        { """{ "components": [{ "family": "quadratic", "weight": 0 }] }""", "mixture.components[0].weight", "positive" },
        { """{ "components": [{ "family": "quadratic" }, { "family": "quadratic", "weight": -1 }] }""", "mixture.components[1].weight", "positive" },
        { """{ "components": [{ "family": "mnist-mlp", "hiddenWidth": [100, 10] }] }""", "mixture.components[0].hiddenWidth", "1 ≤ MIN ≤ MAX ≤ 4096; got [100, 10]" },
        { """{ "components": [{ "family": "mnist-mlp", "depth": [1] }] }""", "mixture.components[0].depth", "[MIN, MAX]" },
        { """{ "components": [{ "family": "mnist-mlp", "minibatchSize": [0, 8] }] }""", "mixture.components[0].minibatchSize", "1 ≤ MIN" },
        { """{ "components": [{ "family": "quadratic", "dimensions": [2, 5000] }] }""", "mixture.components[0].dimensions", "≤ 4096" },
        { """{ "components": [{ "family": "mnist-conv", "channels": [4, 300] }] }""", "mixture.components[0].channels", "1 ≤ MIN ≤ MAX ≤ 256; got [4, 300]" },
        { """{ "components": [{ "family": "quadratic", "channels": [4, 8] }] }""", "mixture.components[0].channels", "does not apply to quadratic" },
        { """{ "components": [{ "family": "quadratic", "conditioning": [0.5, 10] }] }""", "mixture.components[0].conditioning", "1 ≤ MIN ≤ MAX ≤ 10⁸; got [0.5, 10]" },
        { """{ "components": [{ "family": "mnist-mlp", "conditioning": [1, 10] }] }""", "mixture.components[0].conditioning", "does not apply to mnist-mlp" },
        { """{ "components": [{ "family": "quadratic", "hiddenWidth": [2, 5] }] }""", "mixture.components[0].hiddenWidth", "does not apply to quadratic" },
        { """{ "components": [{ "family": "mnist-mlp", "activations": [] }] }""", "mixture.components[0].activations", "sigmoid, relu, tanh" },
        { """{ "components": [{ "weight": 1 }] }""", "mixture.components[0].family", "family name is required" },
    };

    [Theory]
    [MemberData(nameof(BadMixtures))]
    public void ABadMixtureIsRefusedInOneLineNamingTheField(string json, string field, string reason)
    {
        var error = Assert.Throws<InvalidSettingException>(() => SpecJson.ParseMixture(json, "mixture.json"));

        Assert.Equal($"mixture.json: {field}", error.Setting);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData(10.0, 1.0, "got [10, 1]")]
    [InlineData(0.0, 1.0, "1e-6 ≤ MIN")]
    [InlineData(1.0, 1e7, "MAX ≤ 1e6")]
    public void AReparametrizationRangeOutOfOrderOrOfBoundsIsRefusedNamingTheField(double min, double max, string reason)
    {
        var error = Assert.Throws<InvalidSettingException>(() => (MixtureSpec with { Augmentation = new TaskAugmentation { ReparamScale = [min, max] } }).Validate());

        Assert.Equal(SpecFields.ReparamScale, error.Setting);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AMixtureGoesWithProblemMixtureOnly()
    {
        var withoutMixture = Assert.Throws<InvalidSettingException>(() => (MixtureSpec with { Mixture = null }).Validate());
        var otherProblem = Assert.Throws<InvalidSettingException>(() => (MixtureSpec with { Problem = "quadratic" }).Validate());

        Assert.Equal(SpecFields.Mixture, withoutMixture.Setting);
        Assert.Equal(SpecFields.Problem, otherProblem.Setting);
        Assert.Contains("trains on problem mixture", otherProblem.Reason, StringComparison.Ordinal);
    }
}
