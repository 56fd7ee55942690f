namespace L2LCluster.Learning.Evaluation;

/// <summary>One point of a learning-rate grid search on the tuning problems.</summary>
public sealed record LearningRateTrial(double LearningRate, double FinalLoss, double SumOverSteps)
{
    public double Score(TuningCriterion criterion) => criterion == TuningCriterion.FinalLoss ? FinalLoss : SumOverSteps;
}
