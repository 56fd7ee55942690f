namespace L2LCluster.Learning.Evaluation;

/// <summary>What a baseline's learning rate is chosen to minimize on the tuning problems.</summary>
public enum TuningCriterion
{
    /// <summary>The mean loss after the last step.</summary>
    FinalLoss,

    /// <summary>The sum over the steps of the mean loss.</summary>
    SumOverSteps,
}
