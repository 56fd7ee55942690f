using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Training;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Tests;

/// <summary>Best-checkpoint selection: φ is scored on fixed validation problems and the best one is handed out.</summary>
public sealed class ValidationTests
{
    private static readonly QuadraticProblems Family = new();

    private static MetaTrainingSpec Spec(ValidationSchedule? validation) => TrainingSpecs.ForFamily(Family) with
    {
        Problems = 8,
        Iterations = 12,
        Horizon = 20,
        Unroll = 5,
        LearningRate = 0.03,
        Seed = 5,
        Validation = validation,
    };

    [Fact]
    public void ATrainerThatValidatesHandsOutItsBestValidatedPhi()
    {
        var spec = Spec(new ValidationSchedule(Every: 5, Problems: 6));
        using var trainer = new MetaTrainer(spec, Family, CPU);
        var reports = new List<MetaIterationReport>();
        while (!trainer.IsComplete)
        {
            reports.Add(trainer.Step());
        }

        var validated = reports.Where(report => report.ValidationLoss is not null).ToList();
        Assert.Equal([5, 10, 12], validated.Select(report => report.Iteration));
        var best = validated.MinBy(report => report.ValidationLoss)!;
        Assert.Equal(best.Iteration, trainer.Best!.Iteration);
        Assert.Equal(best.Iteration, trainer.ModelIteration);
        Assert.Equal(best.ValidationLoss!.Value, OptimizerValidation.FinalLoss(spec, Family, trainer.ToModel().Parameters, CPU), 6);
        Assert.Equal(best.Iteration == 12, trainer.ToModel().Parameters.SequenceEqual(trainer.Phi));
    }

    [Fact]
    public void ATrainerWithoutValidationHandsOutTheLastPhi()
    {
        using var trainer = new MetaTrainer(Spec(null), Family, CPU);
        while (!trainer.IsComplete)
        {
            Assert.Null(trainer.Step().ValidationLoss);
        }

        Assert.Null(trainer.Best);
        Assert.Equal(trainer.Phi, trainer.ToModel().Parameters);
        Assert.Equal(12, trainer.ModelIteration);
    }

    [Fact]
    public void AStopSkipsTheValidationUnderWayAndKeepsTheBestSoFar()
    {
        using var trainer = new MetaTrainer(Spec(new ValidationSchedule(Every: 1, Problems: 2)), Family, CPU);
        var first = trainer.Step();

        var stopped = trainer.Step(new CancellationToken(canceled: true));

        Assert.NotNull(first.ValidationLoss);
        Assert.Null(stopped.ValidationLoss);
        Assert.Equal(1, trainer.Best!.Iteration);
        Assert.Equal(2, trainer.Iteration);
    }

    [Fact]
    public void ValidationIsDueEveryKIterationsAndAfterTheLast()
    {
        var schedule = new ValidationSchedule(Every: 4);

        Assert.Equal([4, 8, 10], Enumerable.Range(1, 10).Where(iteration => schedule.IsDue(iteration, 10)));
        Assert.Equal(ValidationSchedule.DefaultProblems, schedule.Problems);
    }

    [Fact]
    public void ANonFiniteValidationLossNeverBecomesTheBest()
    {
        var first = BestOptimizer.Better(null, 1, double.NaN, [1f]);
        var second = BestOptimizer.Better(null, 2, 0.5, [2f]);

        Assert.Null(first);
        Assert.Same(second, BestOptimizer.Better(second, 3, double.PositiveInfinity, [3f]));
        Assert.Same(second, BestOptimizer.Better(second, 4, 0.5, [4f]));
        Assert.Equal([5f], BestOptimizer.Better(second, 5, 0.25, [5f])!.Phi);
    }

    [Fact]
    public void ValidationProblemsAreNoneOfTheTrainingTuningOrHeldOutProblems()
    {
        var validation = ProblemSets.Validation(1, 100);
        var others = ProblemSets.HeldOut(1, 100)
            .Concat(ProblemSets.Tuning(1, 100))
            .Concat(Enumerable.Range(0, 100).SelectMany(episode => ProblemSets.Training(1, episode, 0, 4)));

        Assert.Equal(100, validation.Distinct().Count());
        Assert.Empty(validation.Intersect(others));
    }

    [Theory]
    [InlineData(0, 20, SpecFields.ValidationEvery)]
    [InlineData(10, 0, SpecFields.ValidationProblems)]
    public void AnOutOfRangeScheduleIsRefusedNamingTheField(int every, int problems, string field)
    {
        var error = Assert.Throws<InvalidSettingException>(() => Spec(new ValidationSchedule(every, problems)).Validate());

        Assert.Equal(field, error.Setting);
    }

    [Fact]
    public void TheScheduleSurvivesTheSpecsJson()
    {
        var spec = Spec(new ValidationSchedule(50, 10));

        var read = SpecJson.Deserialize(SpecJson.Serialize(spec), "spec");

        Assert.Equal(spec.Validation, read.Validation);
        Assert.Null(SpecJson.Deserialize(SpecJson.Serialize(Spec(null)), "spec").Validation);
    }
}
