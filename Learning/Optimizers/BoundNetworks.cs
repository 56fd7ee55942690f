using L2LCluster.Runs.Optimizers;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Optimizers;

/// <summary>A trained optimizer's networks with φ on a device, ready to step coordinates (evaluation, LearnedOptimizer).</summary>
public sealed class BoundNetworks : IDisposable
{
    private readonly Tensor _phi;
    private readonly IReadOnlyList<NetworkWeights> _weights;

    public BoundNetworks(LearnedOptimizerModel model, Device device)
    {
        ArgumentNullException.ThrowIfNull(model);
        Networks = model.Networks();
        using var scope = NewDisposeScope();
        _phi = tensor(model.Parameters, device: device).DetachFromDisposeScope();
        _weights = Networks.Bind(_phi);
        foreach (var tensor in Tensors(_weights))
        {
            tensor.DetachFromDisposeScope();
        }
    }

    public OptimizerNetworks Networks { get; }

    /// <summary>One step of every coordinate (see <see cref="OptimizerNetworks.Step"/>); tensors in the caller's dispose scope.</summary>
    public (Tensor Update, CoordinateState State) Step(NetworkRouting routing, Tensor gradient, Tensor parameters, CoordinateState state) =>
        Networks.Step(_weights, routing, gradient, parameters, state);

    public void Dispose()
    {
        foreach (var tensor in Tensors(_weights))
        {
            tensor.Dispose();
        }

        _phi.Dispose();
    }

    private static IEnumerable<Tensor> Tensors(IReadOnlyList<NetworkWeights> networks) =>
        networks.SelectMany(weights => weights.Layers.SelectMany(layer => new[] { layer.Weight, layer.Bias }).Append(weights.OutputWeight).Append(weights.OutputBias));
}
