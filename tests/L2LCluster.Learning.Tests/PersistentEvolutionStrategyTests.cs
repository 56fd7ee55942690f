using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Training;
using L2LCluster.Runs.Specs;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Tests;

/// <summary>
/// PES is unbiased where truncated estimators are not: on f(x) = x² from x₀ = 1 with the linear optimizer φ = (w, b)
/// (x ← x + w·2x + b), horizon 10 cut into 5 truncations of 2, at a fixed φ. Summed over the episode's truncations, the
/// mean PES estimate matches the gradient of the whole horizon's loss (σ is small enough that smoothing moves it by
/// about σ², far below the error bars), while truncated ES and truncated BPTT, which cannot see how a truncation's
/// start depends on φ, miss it by more than their error bars. Error bars: 4 standard errors over independent replicas.
/// </summary>
public sealed class PersistentEvolutionStrategyTests
{
    private const int Replicas = 24;
    private const int ParticlesPerReplica = 250;
    private const int Truncations = 5;

    private static readonly float[] Phi = [-0.1f, 0.05f];

    private static MetaTrainingSpec Spec => TrainingSpecs.ForFamily(new SimpleProblems()) with { Horizon = 10, Unroll = 2 };

    /// <summary>∂/∂φ of Σ_{t=1..10} x_t², by backpropagation through the whole horizon, the optimizee's gradients included.</summary>
    private static float[] FullHorizonGradient()
    {
        using var unroller = new TruncatedUnroller(Spec with { Unroll = 10, SecondOrder = true }, new SimpleProblems(), CPU, 0, 1);
        return unroller.Unroll(Phi).Gradient;
    }

    [Fact]
    public void PesIsUnbiasedForTheWholeHorizonsGradientWhereTruncatedEsAndBpttAreNot()
    {
        var target = FullHorizonGradient();
        var persistent = EpisodeEstimates(EvolutionStrategyKind.Persistent);
        var truncated = EpisodeEstimates(EvolutionStrategyKind.Truncated);
        var backpropagated = TruncatedBackpropagation();

        for (var index = 0; index < target.Length; index++)
        {
            var (pesMean, pesError) = EvolutionStrategyTests.MeanAndStandardError([.. persistent.Select(estimate => estimate[index])]);
            var (esMean, esError) = EvolutionStrategyTests.MeanAndStandardError([.. truncated.Select(estimate => estimate[index])]);

            Assert.True(Math.Abs(pesMean - target[index]) <= 4 * pesError, $"φ[{index}]: PES {pesMean} ± {pesError}, full-horizon gradient {target[index]}");
            Assert.True(Math.Abs(esMean - target[index]) > 4 * esError, $"φ[{index}]: truncated ES {esMean} ± {esError} is within its error bars of {target[index]}");
            Assert.True(Math.Abs(backpropagated[index] - target[index]) > 4 * pesError, $"φ[{index}]: truncated BPTT {backpropagated[index]} is within PES's error bars of {target[index]}");
        }
    }

    /// <summary>One estimate per replica: the ledger's mean over its particles, summed over one episode's truncations at a fixed φ.</summary>
    private static List<double[]> EpisodeEstimates(EvolutionStrategyKind kind)
    {
        var estimates = new List<double[]>(Replicas);
        for (var replica = 0; replica < Replicas; replica++)
        {
            var spec = Spec with { Seed = 1000 + (ulong)replica, Estimator = new EvolutionStrategy(kind, ParticlesPerReplica, 0.01) };
            using var source = new EvolutionSource(spec, new SimpleProblems(), CPU, firstIteration: 1);
            var sum = new double[Phi.Length];
            for (var iteration = 1; iteration <= Truncations; iteration++)
            {
                var gradient = source.Estimate([.. Phi], iteration);
                Assert.True(gradient.IsFinite);
                for (var index = 0; index < sum.Length; index++)
                {
                    sum[index] += gradient.Gradient[index];
                }
            }

            estimates.Add(sum);
        }

        return estimates;
    }

    /// <summary>Truncated BPTT (keeping even the optimizee's gradients' terms), summed over the episode's truncations at a fixed φ.</summary>
    private static double[] TruncatedBackpropagation()
    {
        using var unroller = new TruncatedUnroller(Spec with { SecondOrder = true }, new SimpleProblems(), CPU, 0, 1);
        var sum = new double[Phi.Length];
        for (var truncation = 0; truncation < Truncations; truncation++)
        {
            var gradient = unroller.Unroll(Phi).Gradient;
            for (var index = 0; index < sum.Length; index++)
            {
                sum[index] += gradient[index];
            }
        }

        return sum;
    }
}
