using static TorchSharp.torch;

namespace L2LCluster.Learning.Data;

/// <summary>A split on one device: images float [count, pixels] scaled to [0, 1], labels int64 [count].</summary>
public sealed record DeviceImages(Tensor Images, Tensor Labels);
