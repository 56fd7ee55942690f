namespace L2LCluster.Learning.Evaluation;

/// <summary>
/// The losses of a batch of problems along an optimization run: Losses[t][i] is problem i's loss at step t, for
/// t = 0 (θ₀) to Steps. Summaries follow paper-facts: final loss (mean and log10 of the mean) and the sum over
/// the steps (steps 1 to T, averaged over problems), diverged runs counting as +∞.
/// </summary>
public sealed class LossCurves
{
    public LossCurves(double[][] losses)
    {
        ArgumentNullException.ThrowIfNull(losses);
        if (losses.Length < 1 || losses[0].Length < 1)
        {
            throw new ArgumentException("A loss curve needs at least one step of at least one problem.", nameof(losses));
        }

        Losses = losses;
    }

    public double[][] Losses { get; }

    public int Steps => Losses.Length - 1;

    public int ProblemCount => Losses[0].Length;

    /// <summary>The mean loss over problems at every step 0..T.</summary>
    public double[] MeanPerStep => [.. Losses.Select(step => Finite(step.Average()))];

    /// <summary>The mean loss over problems after the last step.</summary>
    public double FinalLoss => MeanPerStep[^1];

    public double Log10FinalLoss => Math.Log10(FinalLoss);

    /// <summary>Σ_{t=1..T} mean loss: the reproduction's "sum of the loss over the steps".</summary>
    public double SumOverSteps => Finite(MeanPerStep.Skip(1).Sum());

    /// <summary>Each problem's loss after the last step, +∞ where it diverged.</summary>
    public double[] FinalLossPerProblem => [.. Losses[^1].Select(Finite)];

    /// <summary>Each problem's Σ_{t=1..T} loss: their mean is <see cref="SumOverSteps"/>.</summary>
    public double[] SumOverStepsPerProblem => [.. Enumerable.Range(0, ProblemCount).Select(problem => Finite(Losses.Skip(1).Sum(step => step[problem])))];

    /// <summary>The curves of problems <paramref name="first"/> … <paramref name="first"/> + <paramref name="count"/> − 1 alone.</summary>
    public LossCurves Problems(int first, int count) => new([.. Losses.Select(step => step.AsSpan(first, count).ToArray())]);

    private static double Finite(double value) => double.IsNaN(value) ? double.PositiveInfinity : value;
}
