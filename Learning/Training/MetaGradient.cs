namespace L2LCluster.Learning.Training;

/// <summary>
/// What one truncated unroll of a batch of problems yields: ∂L/∂φ for the meta-loss L (the weighted sum over the
/// unroll's steps of the problems' mean loss), the loss itself, and what the work covered.
/// </summary>
/// <param name="Gradient">∂L/∂φ, the length of φ; all zeros when <paramref name="IsFinite"/> is false.</param>
/// <param name="MetaLoss">L: Σ_t w_t · mean over problems of f(θ_t), over the unroll's steps.</param>
/// <param name="FinalLoss">The problems' mean loss after the unroll's last step.</param>
/// <param name="ProblemCount">Problems in the batch: the weight of this gradient in an average.</param>
/// <param name="Steps">Optimization steps unrolled.</param>
/// <param name="Coordinates">Optimizee coordinates in the batch (problems × coordinates per problem).</param>
/// <param name="IsFinite">False when the loss or the gradient held NaN or ±∞: such a gradient is never applied.</param>
public sealed record MetaGradient(
    float[] Gradient,
    double MetaLoss,
    double FinalLoss,
    int ProblemCount,
    int Steps,
    long Coordinates,
    bool IsFinite)
{
    /// <summary>Problem-steps of optimizee work behind this gradient.</summary>
    public long ProblemSteps => (long)ProblemCount * Steps;

    /// <summary>Coordinate-steps (one LSTM row for one step) behind this gradient.</summary>
    public long CoordinateSteps => Coordinates * Steps;

    /// <summary>
    /// The average of several batches' gradients weighted by their problem counts: the gradient of the mean
    /// meta-loss over all their problems, as if they had been one batch.
    /// </summary>
    public static MetaGradient Average(IReadOnlyList<MetaGradient> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            throw new ArgumentException("At least one meta-gradient is needed to average.", nameof(parts));
        }

        var sum = new MetaGradientAccumulator(parts[0].Gradient.Length);
        foreach (var part in parts)
        {
            sum.Add(part);
        }

        return sum.Result();
    }
}
