namespace L2LCluster.Benchmarks;

/// <summary>One meta-training from a fresh φ, stopped when its optimizer first beat tuned Adam.</summary>
/// <param name="Iterations">The meta-iterations it took; null if it never did within the cap.</param>
/// <param name="TrainingSeconds">Wall time of the meta-iterations alone.</param>
/// <param name="EvaluationSeconds">Wall time of the held-out evaluations between them.</param>
/// <param name="BestSum">The lowest held-out sum of losses it reached.</param>
internal sealed record UsefulnessRepeat(int? Iterations, double TrainingSeconds, double EvaluationSeconds, double BestSum);
