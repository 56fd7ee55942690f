using L2LCluster.Learning.Vision;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Problems;

/// <summary>
/// Neural art problems optimized together: each row of θ is one image, run through the network as one batch; the
/// network is in inference mode, so every image's loss depends on its own row only.
/// </summary>
internal sealed class NeuralArtBatch(ResNetFeatures network, int size, double styleWeight, Tensor contentTargets, IReadOnlyList<Tensor> styleGrams, Tensor initial)
    : IProblemBatch
{
    public int ProblemCount => (int)initial.shape[0];

    public int CoordinatesPerProblem => (int)initial.shape[1];

    public Tensor InitialParameters() => initial.clone();

    public Tensor Losses(Tensor parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.ndim != 2 || parameters.shape[0] != ProblemCount || parameters.shape[1] != CoordinatesPerProblem)
        {
            throw new ArgumentException($"Parameters must be [{ProblemCount}, {CoordinatesPerProblem}], not [{string.Join(", ", parameters.shape)}].", nameof(parameters));
        }

        using var scope = NewDisposeScope();
        var images = parameters.view(ProblemCount, 3, size, size);
        return NeuralArtProblems.Losses(network, images, contentTargets, styleGrams, styleWeight).MoveToOuterDisposeScope();
    }

    /// <summary>The network and the style's Gram matrices are shared by every batch on the device; the content targets and θ₀ are this batch's.</summary>
    public void Dispose()
    {
        contentTargets.Dispose();
        initial.Dispose();
    }
}
