namespace L2LCluster.Runs;

/// <summary>What one meta-iteration did, for progress lines and the metrics CSV.</summary>
/// <param name="Iteration">1-based count of meta-iterations done.</param>
/// <param name="Episode">The episode the problems belong to (0-based).</param>
/// <param name="StepInHorizon">Optimizee steps done in that episode after this iteration.</param>
/// <param name="MetaLoss">The meta-loss of the truncation (weighted sum of mean losses over its steps).</param>
/// <param name="FinalLoss">The problems' mean loss at the truncation's last step.</param>
/// <param name="GradientNorm">The meta-gradient's L2 norm before clipping.</param>
/// <param name="Applied">False when the gradient was non-finite and φ was left as it was.</param>
/// <param name="ProblemSteps">Problem-steps of optimizee work in this iteration.</param>
/// <param name="CoordinateSteps">Coordinate-steps of optimizee work in this iteration.</param>
/// <param name="Elapsed">Wall time of the iteration.</param>
/// <param name="ValidationLoss">φ's mean final loss on the validation problems, when the iteration was validated.</param>
public sealed record MetaIterationReport(
    int Iteration,
    long Episode,
    int StepInHorizon,
    double MetaLoss,
    double FinalLoss,
    double GradientNorm,
    bool Applied,
    long ProblemSteps,
    long CoordinateSteps,
    TimeSpan Elapsed,
    double? ValidationLoss = null);
