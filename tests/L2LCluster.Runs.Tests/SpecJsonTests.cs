using System.Text.Json.Nodes;
using L2LCluster.Runs.Optimizers;
using L2LCluster.Runs.Specs;

namespace L2LCluster.Runs.Tests;

public sealed class SpecJsonTests
{
    private static MetaTrainingSpec Full { get; } = TestRuns.LinearSpec with
    {
        ProblemOptions = new ProblemOptions
        {
            Dimensions = 3,
            Distribution = QuadraticDistribution.Uniform,
            Conditioning = [10, 1000],
            DataDirectory = "/data",
            HiddenUnits = [40, 20],
            Activation = Activation.Relu,
            MinibatchSize = 64,
            Initialization = OptimizeeInitialization.FanIn,
            Split = DataSplit.Test,
            ImageSize = 32,
            StyleFile = "style.png",
            ContentDirectory = "/photographs",
            StyleWeight = 0.5,
            NetworkFile = "/models/ResNet18.onnx",
            ConvolutionChannels = 8,
        },
        StartFrom = new StartingPoint("/runs/q/optimizer.l2lopt", new string('0', 64)),
        ClipNorm = 3,
        Validation = new ValidationSchedule(25, 8),
        HiddenSizes = [8, 4],
        Preprocessing = PreprocessingKind.LogAndSign,
        ParameterGroups = [new ParameterGroup("conv", ["conv"]), new ParameterGroup("fc", ["fc1", "fc2"])],
        LossWeighting = MetaLossWeighting.Increasing,
        UnrollSchedule = new TruncationSchedule(TruncationScheduleKind.LogUniform, 10, 100),
    };

    /// <summary>ES and PES refuse parameter groups, so their fields are checked on a spec of its own.</summary>
    private static MetaTrainingSpec Evolution { get; } = TestRuns.LinearSpec with { Estimator = new EvolutionStrategy(EvolutionStrategyKind.Persistent, 16, 0.02) };

    [Fact]
    public void ASpecReadBackFromItsJsonEqualsTheSpec()
    {
        var read = SpecJson.Parse(SpecJson.Serialize(Full), "spec.json");

        Assert.Equal(Full, read);
        Assert.Equal(Full.GetHashCode(), read.GetHashCode());
        Assert.NotEqual(Full, read with { ParameterGroups = [new ParameterGroup("conv", ["conv"])] });
        Assert.NotEqual(Full, read with { ProblemOptions = read.ProblemOptions with { HiddenUnits = [40] } });
        Assert.Equal(Evolution, SpecJson.Parse(SpecJson.Serialize(Evolution), "spec.json"));
        Assert.NotEqual(Evolution, Evolution with { Estimator = Evolution.Estimator! with { Kind = EvolutionStrategyKind.Truncated } });
    }

    [Fact]
    public void ATruncatedBpttSpecsJsonNamesNoEstimatorNorSchedule()
    {
        var json = SpecJson.Serialize(TestRuns.LinearSpec);

        Assert.DoesNotContain("estimator", json, StringComparison.Ordinal);
        Assert.DoesNotContain("unrollSchedule", json, StringComparison.Ordinal);
        Assert.Contains("\"kind\": \"pes\"", SpecJson.Serialize(Evolution), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 0.01, false, SpecFields.Perturbations, "between 1 and 100000")]
    [InlineData(8, 0.0, false, SpecFields.Sigma, "positive finite")]
    [InlineData(8, 0.01, true, SpecFields.SecondOrder, "does not go with estimator pes")]
    public void AnEvolutionStrategyOutOfRangeOrWithASecondOrderSpecIsRefusedNamingTheField(int perturbations, double sigma, bool secondOrder, string field, string reason)
    {
        var spec = Evolution with { Estimator = new EvolutionStrategy(EvolutionStrategyKind.Persistent, perturbations, sigma), SecondOrder = secondOrder };

        var error = Assert.Throws<InvalidSettingException>(() => spec.Validate());

        Assert.Equal(field, error.Setting);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAsynchronousRunOfAnEvolutionStrategyIsRefusedNamingBoth()
    {
        var error = Assert.Throws<InvalidSettingException>(() => (TestRuns.Run(spec: Evolution) with { Asynchronous = new AsynchronousMode(2, 0) }).Validate());

        Assert.Equal(SpecFields.Asynchronous, error.Setting);
        Assert.Contains("estimator pes", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOutOfRangeFieldIsRefusedNamingTheSourceAndTheField()
    {
        var json = SpecJson.Serialize(Full with { Unroll = 0 });

        var error = Assert.Throws<InvalidSettingException>(() => SpecJson.Parse(json, "q.json"));

        Assert.Equal($"q.json: {SpecFields.Unroll}", error.Setting);
        Assert.Contains("must be positive", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"problem\": \"quadratic\", \"unknown\": 1 }", "unknown")]
    [InlineData("{ \"problem\": \"quadratic\", \"iterations\": \"many\" }", "iterations")]
    [InlineData("{ \"problem\": \"quadratic\", \"architecture\": 1 }", "architecture")]
    [InlineData("[1, 2]", "not valid")]
    [InlineData("null", "empty")]
    public void JsonThatIsNotASpecIsRefusedNamingTheSource(string json, string mentioned)
    {
        var error = Assert.Throws<InvalidSettingException>(() => SpecJson.Parse(json, "q.json"));

        Assert.Equal("q.json", error.Setting);
        Assert.Contains(mentioned, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryFieldNameErrorsUseIsAFieldOfTheSpecsJson()
    {
        var run = new JsonObject
        {
            ["spec"] = JsonNode.Parse(SpecJson.Serialize(Full with { Estimator = Evolution.Estimator, ArchitectureKind = OptimizerKind.Mlp, Mixture = TaskMixtureSpecTests.MixtureSpec.Mixture, Augmentation = TaskMixtureSpecTests.MixtureSpec.Augmentation })),
            ["runId"] = "r",
            ["checkpointEvery"] = 1,
            ["workerDeadline"] = 1,
            ["asynchronous"] = new JsonObject { ["maxStaleness"] = 1, ["gradientsPerUpdate"] = 1 },
            ["initialPhi"] = "",
        };
        var specFields = typeof(SpecFields).GetFields().Select(field => (string)field.GetRawConstantValue()!);

        Assert.All(specFields, field =>
        {
            var node = field.Split('.').Aggregate((JsonNode?)run["spec"], (parent, part) => parent?[part]) ?? field.Split('.').Aggregate((JsonNode?)run, (parent, part) => parent?[part]);
            Assert.True(node is not null, $"'{field}' is not a field of a spec's JSON");
        });
    }
}
