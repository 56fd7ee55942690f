namespace L2LCluster.Learning.Problems;

/// <summary>What a family's <see cref="IProblemFamily.ProblemsAtOnce"/> is measured against.</summary>
public static class ProblemMemory
{
    /// <summary>The working memory one batch may take where its caller chooses how many problems it holds.</summary>
    public const long BudgetBytes = 2L << 30;

    /// <summary>How many problems of <paramref name="bytesPerProblem"/> each fit the budget (at least one).</summary>
    public static int ProblemsWithin(long bytesPerProblem) => (int)Math.Clamp(BudgetBytes / Math.Max(1, bytesPerProblem), 1, int.MaxValue);
}
