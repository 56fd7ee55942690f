namespace L2LCluster.Runs;

/// <summary>The φ that did best on the validation problems so far, with the iteration it was reached at.</summary>
/// <param name="Iteration">The meta-iteration after which φ was validated.</param>
/// <param name="ValidationLoss">Its mean final loss on the validation problems.</param>
/// <param name="Phi">A copy of φ at that iteration.</param>
public sealed record BestOptimizer(int Iteration, double ValidationLoss, float[] Phi)
{
    /// <summary>The better of <paramref name="current"/> and φ validated at <paramref name="iteration"/>; a non-finite loss never wins.</summary>
    public static BestOptimizer? Better(BestOptimizer? current, int iteration, double validationLoss, ReadOnlySpan<float> phi) =>
        double.IsFinite(validationLoss) && (current is null || validationLoss < current.ValidationLoss)
            ? new BestOptimizer(iteration, validationLoss, phi.ToArray())
            : current;
}
