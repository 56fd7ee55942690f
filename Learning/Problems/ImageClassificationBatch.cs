using L2LCluster.Learning.Data;
using L2LCluster.Learning.Randomness;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Problems;

/// <summary>
/// A batch of image classifiers (the MLP and conv-net families): each problem's loss is its network's cross-entropy
/// on a minibatch of its own. The examples a problem sees at each step are a function of its seed and step alone, so
/// it sees the same minibatches on whichever worker unrolls it. The family supplies only its network's logits.
/// </summary>
/// <param name="logits">θ [problems, coordinates] and the minibatches' images [problems × minibatch, …] to logits [problems, minibatch, classes].</param>
internal sealed class ImageClassificationBatch(
    ulong[] seeds, int coordinatesPerProblem, int minibatch, DeviceImages data, int exampleCount, Tensor initial, Func<Tensor, Tensor, Tensor> logits)
    : IProblemBatch
{
    private const ulong MinibatchStream = 1;

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

        var indices = new long[checked(ProblemCount * minibatch)];
        for (var problem = 0; problem < ProblemCount; problem++)
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
        var labels = data.Labels.index_select(0, index).view(ProblemCount, minibatch, 1);
        var logLikelihoods = logits(parameters, data.Images.index_select(0, index)).log_softmax(2).gather(2, labels).squeeze(2);
        return logLikelihoods.mean([1]).neg().MoveToOuterDisposeScope();
    }

    /// <summary>The data tensors are shared by every batch on the device, so only θ₀ is this batch's.</summary>
    public void Dispose() => initial.Dispose();
}
