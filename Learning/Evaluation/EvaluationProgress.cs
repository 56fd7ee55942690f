namespace L2LCluster.Learning.Evaluation;

/// <summary>How far an evaluation has come, counted in problems optimized (each for the evaluation's steps).</summary>
/// <param name="ProblemsDone">Problems optimized so far, tuning trials included.</param>
/// <param name="ProblemsTotal">Problems the whole evaluation optimizes.</param>
/// <param name="Current">What runs now, e.g. "adam lr 0.01 (tuning)".</param>
public readonly record struct EvaluationProgress(long ProblemsDone, long ProblemsTotal, string Current);
