using static TorchSharp.torch;

namespace L2LCluster.Learning.Optimizers;

/// <summary>
/// Per-layer views of a flat φ, made by <see cref="CoordinatewiseLstm.Bind"/>: weights [k, m] and biases [m], or per
/// branch (one φ each, the perturbed copies of evolution strategies) [branches, k, m] and [branches, 1, m].
/// </summary>
public sealed record NetworkWeights(IReadOnlyList<(Tensor Weight, Tensor Bias)> Layers, Tensor OutputWeight, Tensor OutputBias)
{
    /// <summary>How many φ these views hold: 1 for weights of one φ.</summary>
    public long Branches => OutputWeight.dim() == 3 ? OutputWeight.shape[0] : 1;

    /// <summary>Branch <paramref name="branch"/>'s views alone (in the caller's dispose scope), as if bound from its φ.</summary>
    public NetworkWeights Branch(long branch) => Branches == 1
        ? this
        : new NetworkWeights([.. Layers.Select(layer => (layer.Weight[branch], layer.Bias[branch]))], OutputWeight[branch], OutputBias[branch]);
}
