namespace L2LCluster.Learning.Optimizers;

/// <summary>
/// The parameters one optimizer network owns (the official code's net_assignments entry): every segment of θ whose
/// name starts with one of <paramref name="Segments"/>, e.g. "conv" for the convolution layers of the CIFAR net.
/// </summary>
public sealed record ParameterGroup(string Name, IReadOnlyList<string> Segments);
