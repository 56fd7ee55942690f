using L2LCluster.Learning.Randomness;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Problems;

/// <summary>
/// What the data-driven families (MLP, conv net) share per loss evaluation: the parameter shape they accept, and the
/// examples each problem sees at each of its steps, a function of the problem's seed and step alone, so that a
/// problem sees the same minibatches on whichever worker unrolls it.
/// </summary>
internal static class ProblemMinibatches
{
    private const ulong MinibatchStream = 1;

    public static void RequireShape(Tensor parameters, int problems, int coordinates)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.ndim != 2 || parameters.shape[0] != problems || parameters.shape[1] != coordinates)
        {
            throw new ArgumentException($"Parameters must be [{problems}, {coordinates}], not [{string.Join(", ", parameters.shape)}].", nameof(parameters));
        }
    }

    /// <summary>Problem p's examples at <paramref name="step"/> are indices [p·minibatch, (p+1)·minibatch).</summary>
    public static long[] Indices(IReadOnlyList<ulong> seeds, long step, int minibatch, int exampleCount)
    {
        var indices = new long[checked(seeds.Count * minibatch)];
        for (var problem = 0; problem < seeds.Count; problem++)
        {
            var random = new DeterministicRandom(SeedSequence.Derive(seeds[problem], MinibatchStream, (ulong)step));
            for (var k = 0; k < minibatch; k++)
            {
                indices[problem * minibatch + k] = random.NextInt(exampleCount);
            }
        }

        return indices;
    }
}
