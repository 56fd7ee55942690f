using L2LCluster.Learning.Data;
using L2LCluster.Learning.Randomness;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Problems;

/// <summary>
/// A batch of image classifiers (the MLP and conv-net families): each problem's loss is its network's cross-entropy
/// on a minibatch of its own. The examples a problem sees at each step are a function of its seed and step alone, so
/// it sees the same minibatches on whichever worker unrolls it. Seeds that are copies of one list one after the other (a
/// grid search's learning rates, each on its own copy of the tuning problems) draw each minibatch once for all copies. The
/// family supplies only its network's logits.
/// </summary>
/// <param name="logits">
/// θ [copies × problems, coordinates], the distinct problems' minibatch images [problems × minibatch, …] and the number of
/// copies, to logits [copies × problems, minibatch, classes].
/// </param>
internal sealed class ImageClassificationBatch(
    ulong[] seeds, int coordinatesPerProblem, int minibatch, DeviceImages data, int exampleCount, Tensor initial, Func<Tensor, Tensor, int, Tensor> logits)
    : IProblemBatch
{
    private const ulong MinibatchStream = 1;

    private readonly int _copies = CopiesOf(seeds);

    private long _step;

    public int ProblemCount => seeds.Length;

    public int CoordinatesPerProblem => coordinatesPerProblem;

    public Tensor InitialParameters() => initial.clone();

    public Tensor Losses(Tensor parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.ndim != 2 || parameters.shape[0] != ProblemCount || parameters.shape[1] != CoordinatesPerProblem)
        {
            throw new ArgumentException($"Parameters must be [{ProblemCount}, {CoordinatesPerProblem}], not [{string.Join(", ", parameters.shape)}].", nameof(parameters));
        }

        var distinct = ProblemCount / _copies;
        var indices = new long[checked(distinct * minibatch)];
        for (var problem = 0; problem < distinct; problem++)
        {
            var random = new DeterministicRandom(SeedSequence.Derive(seeds[problem], MinibatchStream, (ulong)_step));
            for (var k = 0; k < minibatch; k++)
            {
                indices[problem * minibatch + k] = random.NextInt(exampleCount);
            }
        }

        _step++;

        using var scope = NewDisposeScope();
        var index = tensor(indices, device: data.Images.device);
        var labels = data.Labels.index_select(0, index).view(distinct, minibatch, 1);
        if (_copies > 1)
        {
            labels = labels.repeat(_copies, 1, 1);
        }

        var logLikelihoods = logits(parameters, data.Images.index_select(0, index), _copies).log_softmax(2).gather(2, labels).squeeze(2);
        return logLikelihoods.mean([1]).neg().MoveToOuterDisposeScope();
    }

    /// <summary>k where the seeds are k copies of their first n / k one after the other; 1 otherwise.</summary>
    private static int CopiesOf(ulong[] seeds)
    {
        var period = Array.IndexOf(seeds, seeds[0], 1);
        if (period <= 0 || seeds.Length % period != 0)
        {
            return 1;
        }

        for (var index = period; index < seeds.Length; index++)
        {
            if (seeds[index] != seeds[index - period])
            {
                return 1;
            }
        }

        return seeds.Length / period;
    }

    /// <summary>The data tensors are shared by every batch on the device, so only θ₀ is this batch's.</summary>
    public void Dispose() => initial.Dispose();
}
