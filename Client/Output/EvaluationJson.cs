using L2LCluster.Learning.Evaluation;

namespace L2LCluster.Client.Output;

/// <summary>The JSON shape of one optimizer's evaluation, shared by eval and experiment.</summary>
internal static class EvaluationJson
{
    public static object Describe(OptimizerEvaluation evaluation) => new
    {
        name = evaluation.Name,
        learningRate = evaluation.LearningRate,
        finalLoss = Number(evaluation.Curves.FinalLoss),
        log10FinalLoss = Number(evaluation.Curves.Log10FinalLoss),
        sumOverSteps = Number(evaluation.Curves.SumOverSteps),
        meanLossPerStep = evaluation.Curves.MeanPerStep.Select(Number).ToArray(),
        finalLossPerProblem = evaluation.Curves.FinalLossPerProblem.Select(Number).ToArray(),
        sumOverStepsPerProblem = evaluation.Curves.SumOverStepsPerProblem.Select(Number).ToArray(),
    };

    /// <summary>JSON has no ∞ or NaN: a diverged run's loss is written as null.</summary>
    public static double? Number(double value) => double.IsFinite(value) ? value : null;
}
