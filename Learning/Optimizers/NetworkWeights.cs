using static TorchSharp.torch;

namespace L2LCluster.Learning.Optimizers;

/// <summary>Per-layer views of a flat φ, made by <see cref="CoordinatewiseLstm.Bind"/>.</summary>
public sealed record NetworkWeights(IReadOnlyList<(Tensor Weight, Tensor Bias)> Layers, Tensor OutputWeight, Tensor OutputBias);
