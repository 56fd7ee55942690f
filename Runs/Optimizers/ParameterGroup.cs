using System.Collections.Immutable;

namespace L2LCluster.Runs.Optimizers;

/// <summary>
/// The parameters one optimizer network owns (the official code's net_assignments entry): every segment of θ whose
/// name starts with one of <paramref name="Segments"/>, e.g. "conv" for the convolution layers of the CIFAR net.
/// </summary>
[GenerateSerializer, Immutable, Alias("l2l.ParameterGroup")]
public sealed record ParameterGroup([property: Id(0)] string Name, [property: Id(1)] ImmutableArray<string> Segments)
{
    public bool Equals(ParameterGroup? other) =>
        other is not null && Name == other.Name && Segments.AsSpan().SequenceEqual(other.Segments.AsSpan());

    public override int GetHashCode() => HashCode.Combine(Name, Segments.Length);

    public override string ToString() => $"{Name}: {string.Join(",", Segments)}";
}
