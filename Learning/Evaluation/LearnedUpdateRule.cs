using L2LCluster.Learning.Optimizers;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Evaluation;

/// <summary>The learned optimizer stepping many coordinates at once, its LSTM state kept per coordinate.</summary>
public sealed class LearnedUpdateRule : IUpdateRule
{
    private readonly CoordinatewiseLstm _network;
    private readonly Tensor _phi;
    private readonly LstmWeights _weights;
    private LstmState? _state;

    public LearnedUpdateRule(LearnedOptimizerModel model, Device device)
    {
        ArgumentNullException.ThrowIfNull(model);
        _network = new CoordinatewiseLstm(model.Architecture);
        using var scope = NewDisposeScope();
        _phi = tensor(model.Parameters, device: device).DetachFromDisposeScope();
        _weights = _network.Bind(_phi);
        foreach (var (weight, bias) in _weights.Layers)
        {
            weight.DetachFromDisposeScope();
            bias.DetachFromDisposeScope();
        }

        _weights.OutputWeight.DetachFromDisposeScope();
        _weights.OutputBias.DetachFromDisposeScope();
    }

    /// <summary>The update for a gradient of any shape; the shape (coordinate count) must stay the same across steps.</summary>
    public Tensor Step(Tensor gradient)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        using var scope = NewDisposeScope();
        var flat = gradient.detach().reshape(-1);
        _state ??= LstmState.Zeros(_network.Architecture.HiddenSizes, flat.shape[0], flat.device).DetachFromDisposeScope();
        if (_network.Architecture.HiddenSizes.Count > 0 && _state.Hidden[0].shape[0] != flat.shape[0])
        {
            throw new ArgumentException($"The learned optimizer was started on {_state.Hidden[0].shape[0]} coordinates; this gradient has {flat.shape[0]}.", nameof(gradient));
        }

        var (update, next) = _network.Step(_weights, flat, _state);
        _state.Dispose();
        _state = next.DetachFromDisposeScope();
        return update.view(gradient.shape).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        _state?.Dispose();
        foreach (var (weight, bias) in _weights.Layers)
        {
            weight.Dispose();
            bias.Dispose();
        }

        _weights.OutputWeight.Dispose();
        _weights.OutputBias.Dispose();
        _phi.Dispose();
    }
}
