using L2LCluster.Learning.Optimizers;
using L2LCluster.Runs;
using L2LCluster.Runs.Optimizers;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Evaluation;

/// <summary>The learned optimizer stepping many coordinates at once, its LSTM state kept per coordinate.</summary>
public sealed class LearnedUpdateRule : IUpdateRule
{
    private readonly BoundNetworks _networks;
    private readonly NetworkRouting _routing;
    private LstmState? _state;

    /// <param name="model">The trained optimizer.</param>
    /// <param name="device">Where its weights live.</param>
    /// <param name="routing">Which network steps which column of [problems, coordinates] gradients; <see cref="NetworkRouting.Single"/> by default.</param>
    public LearnedUpdateRule(LearnedOptimizerModel model, Device device, NetworkRouting? routing = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        _routing = routing ?? NetworkRouting.Single;
        var networks = model.Networks().Count;
        InvalidSettingException.ThrowUnless(_routing.IsSingleNetwork == (networks == 1), "optimizer", $"the optimizer has {networks} networks but the routing given is for {Math.Max(1, _routing.Columns.Count)}.");
        _networks = new BoundNetworks(model, device);
    }

    /// <summary>
    /// The update for a gradient of any shape with one network; [problems, coordinates] with parameter groups. The
    /// shape must stay the same across steps.
    /// </summary>
    public Tensor Step(Tensor gradient)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        using var scope = NewDisposeScope();
        var rows = gradient.detach().reshape(_routing.IsSingleNetwork ? [1, -1] : [gradient.shape[0], -1]);
        _state ??= LstmState.Zeros(_networks.HiddenSizes, rows.numel(), rows.device).DetachFromDisposeScope();
        if (_networks.HiddenSizes.Count > 0 && _state.Hidden[0].shape[0] != rows.numel())
        {
            throw new ArgumentException($"The learned optimizer was started on {_state.Hidden[0].shape[0]} coordinates; this gradient has {rows.numel()}.", nameof(gradient));
        }

        var (update, next) = _networks.Step(_routing, rows, _state);
        _state.Dispose();
        _state = next.DetachFromDisposeScope();
        return update.view(gradient.shape).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        _state?.Dispose();
        _networks.Dispose();
    }
}
