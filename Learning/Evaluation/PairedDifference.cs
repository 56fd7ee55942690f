namespace L2LCluster.Learning.Evaluation;

/// <summary>
/// The mean over problems of one optimizer's score minus another's on the same problems, its standard error and a
/// two-sided 95 % Student-t interval. Pairing removes the problem-to-problem spread the two means share, which on the
/// networks here is far wider than most gaps between optimizers. A run that diverged scores +∞, so a difference can
/// be ±∞ (one diverged) or undefined (both did); then there is no interval, only a direction or none.
/// </summary>
public sealed record PairedDifference(int Pairs, double Mean, double StandardError)
{
    /// <summary>From 7 degrees of freedom on, the t quantile's expansion is within 1e-3 of the exact value.</summary>
    public const int MinimumPairs = 8;

    /// <summary>Half the width of the 95 % interval: the standard error times t(0.975, pairs − 1).</summary>
    public double HalfWidth => StandardError * StudentQuantile975(Pairs - 1);

    public double Low => Mean - HalfWidth;

    public double High => Mean + HalfWidth;

    public PairedVerdict Verdict => Mean switch
    {
        double.NaN => PairedVerdict.Undetermined,
        double.PositiveInfinity => PairedVerdict.Behind,
        double.NegativeInfinity => PairedVerdict.Ahead,
        _ when High < 0 => PairedVerdict.Ahead,
        _ when Low > 0 => PairedVerdict.Behind,
        _ => PairedVerdict.Level,
    };

    /// <summary>first[i] − second[i] over the problems; NaN scores count as diverged (+∞).</summary>
    public static PairedDifference Of(IReadOnlyList<double> first, IReadOnlyList<double> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Count != second.Count)
        {
            throw new ArgumentException($"A paired difference needs the same problems on both sides; got {first.Count} and {second.Count} scores.", nameof(second));
        }

        if (first.Count < MinimumPairs)
        {
            throw new ArgumentException($"A paired difference needs at least {MinimumPairs} problems; got {first.Count}.", nameof(first));
        }

        var differences = first.Zip(second, (a, b) => Diverged(a) - Diverged(b)).ToArray();
        var mean = differences.Average();
        if (!double.IsFinite(mean))
        {
            return new PairedDifference(differences.Length, mean, double.NaN);
        }

        var variance = differences.Sum(difference => (difference - mean) * (difference - mean)) / (differences.Length - 1);
        return new PairedDifference(differences.Length, mean, Math.Sqrt(variance / differences.Length));
    }

    /// <summary>
    /// The 0.975 quantile of Student's t by its Cornish–Fisher expansion about the normal quantile (Abramowitz and
    /// Stegun 26.7.5), four terms: 2.3639 at 7 degrees of freedom (exact 2.3646), 2.1314 at 15 (2.1314).
    /// </summary>
    private static double StudentQuantile975(int degreesOfFreedom)
    {
        const double z = 1.959963984540054;
        double n = degreesOfFreedom;
        var z3 = z * z * z;
        var z5 = z3 * z * z;
        var z7 = z5 * z * z;
        return z
            + ((z3 + z) / (4 * n))
            + (((5 * z5) + (16 * z3) + (3 * z)) / (96 * n * n))
            + (((3 * z7) + (19 * z5) + (17 * z3) - (15 * z)) / (384 * n * n * n));
    }

    private static double Diverged(double score) => double.IsNaN(score) ? double.PositiveInfinity : score;
}
