using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Training;
using L2LCluster.Runs.Optimizers;
using L2LCluster.Runs.Specs;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Tests;

/// <summary>
/// The ES estimate against a loss whose Gaussian-smoothed gradient is known: a quadratic in φ, L(φ) = ½ Σ a_j (φ_j − c_j)²,
/// whose smoothing adds only a constant, so E[ĝ] = a ⊙ (φ − c) exactly. Each estimate goes through the ledger a
/// coordinator keeps, from the loss differences a worker would send; the bounds are 4 standard errors over fixed seeds.
/// </summary>
public sealed class EvolutionStrategyTests
{
    /// <summary>A spec whose φ has 14 values (one LSTM unit on the raw gradient); the loss below ignores what φ means.</summary>
    private static MetaTrainingSpec Spec(int perturbations, double sigma = 0.05) => new()
    {
        Problem = QuadraticProblems.FamilyName,
        HiddenSizes = [1],
        Preprocessing = PreprocessingKind.None,
        Estimator = new EvolutionStrategy(EvolutionStrategyKind.Truncated, perturbations, sigma),
    };

    private static readonly double[] Curvatures = [0.5, 1, 2, 3, 0.25, 1.5, 4, 1, 2, 0.75, 1, 3, 0.5, 2];

    private static double QuadraticLoss(float[] phi) =>
        Enumerable.Range(0, phi.Length).Sum(index => 0.5 * Curvatures[index] * Math.Pow(phi[index] - (0.1 * index), 2));

    private static float[] Phi => [.. Enumerable.Range(0, 14).Select(index => (float)(0.3 - (0.05 * index)))];

    private static double[] SmoothedGradient => [.. Phi.Select((value, index) => Curvatures[index] * (value - (0.1 * index)))];

    [Fact]
    public void TheMeanOfManyEsEstimatesOfAQuadraticMatchesItsSmoothedGradient()
    {
        var estimates = Estimates(perturbations: 16, count: 400, QuadraticLoss);
        var expected = SmoothedGradient;

        for (var index = 0; index < expected.Length; index++)
        {
            var values = estimates.Select(estimate => (double)estimate[index]).ToArray();
            var (mean, standardError) = MeanAndStandardError(values);
            Assert.True(Math.Abs(mean - expected[index]) <= 4 * standardError, $"coordinate {index}: mean {mean}, expected {expected[index]}, standard error {standardError}");
        }
    }

    [Fact]
    public void TheErrorOfAnEsEstimateFallsAsOneOverTheRootOfThePerturbations()
    {
        var few = RootMeanSquareError(Estimates(perturbations: 4, count: 300, QuadraticLoss));
        var many = RootMeanSquareError(Estimates(perturbations: 64, count: 300, QuadraticLoss));

        // √(64 / 4) = 4; the RMS of 300 × 14 errors is itself known to a few percent.
        Assert.InRange(few / many, 3.4, 4.7);
    }

    [Fact]
    public void AntitheticPairsCancelTheEvenTerms()
    {
        var constant = Estimates(perturbations: 8, count: 5, _ => 2.5);
        var even = Estimates(perturbations: 8, count: 5, phi => Enumerable.Range(0, phi.Length).Sum(index => Curvatures[index] * Math.Pow(phi[index] - Phi[index], 2)));

        Assert.All(constant, estimate => Assert.All(estimate, value => Assert.Equal(0f, value)));
        // Only the rounding of φ ± σz to float32 is left of an even loss: nothing of its size, which is ~1 here.
        Assert.All(even, estimate => Assert.All(estimate, value => Assert.InRange(value, -1e-6f, 1e-6f)));
    }

    [Fact]
    public void AnEstimateThroughTheWorkersUnrollOfAConstantLossIsExactlyZero()
    {
        var spec = TrainingSpecs.ForFamily(new QuadraticProblems(3), new ProblemOptions { Dimensions = 3 }) with
        {
            Problems = 2,
            Unroll = 3,
            Horizon = 6,
            HiddenSizes = [4],
            Estimator = new EvolutionStrategy(EvolutionStrategyKind.Persistent, 4, 0.1),
        };
        using var source = new EvolutionSource(spec, new ConstantLossProblems(), CPU, firstIteration: 1);
        var phi = spec.InitialPhi();

        for (var iteration = 1; iteration <= 3; iteration++)
        {
            var gradient = source.Estimate(phi, iteration);

            Assert.True(gradient.IsFinite);
            Assert.Equal(3.0, gradient.MetaLoss, 12);
            Assert.All(gradient.Gradient, value => Assert.Equal(0f, value));
        }
    }

    /// <summary><paramref name="count"/> independent ES estimates at <see cref="Phi"/>, each from one iteration's noise.</summary>
    private static List<float[]> Estimates(int perturbations, int count, Func<float[], double> loss)
    {
        var spec = Spec(perturbations);
        var ledger = new ParticleLedger(spec, firstIteration: 1);
        var phi = Phi;
        var estimates = new List<float[]>(count);
        for (var iteration = 1; iteration <= count; iteration++)
        {
            var noiseSeed = PerturbationNoise.Seed(spec.Seed, iteration);
            var differences = new double[2 * perturbations];
            for (var particle = 0; particle < perturbations; particle++)
            {
                var noise = PerturbationNoise.Of(noiseSeed, particle, phi.Length).ToArray();
                var plus = phi.Select((value, index) => (float)(value + (spec.Estimator!.Sigma * noise[index]))).ToArray();
                var minus = phi.Select((value, index) => (float)(value - (spec.Estimator!.Sigma * noise[index]))).ToArray();
                differences[2 * particle] = loss(plus) - loss(minus);
            }

            estimates.Add(ledger.Estimate(iteration, new ParticleTruncation(differences, 0, 0, perturbations, 1, 1)).Gradient);
        }

        return estimates;
    }

    private static double RootMeanSquareError(List<float[]> estimates)
    {
        var expected = SmoothedGradient;
        return Math.Sqrt(estimates.SelectMany(estimate => estimate.Select((value, index) => Math.Pow(value - expected[index], 2))).Average());
    }

    internal static (double Mean, double StandardError) MeanAndStandardError(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        var variance = values.Sum(value => (value - mean) * (value - mean)) / (values.Count - 1);
        return (mean, Math.Sqrt(variance / values.Count));
    }

    /// <summary>Problems whose loss is 1 wherever θ goes (it still depends on θ, with gradient 0): L⁺ and L⁻ are equal to the bit.</summary>
    private sealed class ConstantLossProblems : IProblemFamily
    {
        public string Name => "constant";

        public ProblemDefaults Defaults => new QuadraticProblems(3).Defaults;

        public int CoordinatesPerProblem => 3;

        public IProblemBatch Sample(IReadOnlyList<ulong> problemSeeds, Device device) => new Batch(problemSeeds.Count, device);

        private sealed class Batch(int count, Device device) : IProblemBatch
        {
            public int ProblemCount => count;

            public int CoordinatesPerProblem => 3;

            public Tensor InitialParameters() => ones(count, 3, device: device);

            public Tensor Losses(Tensor parameters) => (parameters * 0).sum(1) + 1;

            public void Dispose()
            {
            }
        }
    }
}
