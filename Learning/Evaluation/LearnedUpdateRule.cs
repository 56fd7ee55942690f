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
    private CoordinateState? _state;

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

    /// <summary>The LSTM's update from the gradient alone; the MLP needs θ too (<see cref="Step(Tensor, Tensor)"/>).</summary>
    public Tensor Step(Tensor gradient)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        InvalidSettingException.ThrowUnless(_networks.Networks.Architecture.Kind == OptimizerKind.Lstm, "optimizer", $"the {_networks.Networks.Architecture} optimizer steps from θ as well as the gradient.");
        using var scope = NewDisposeScope();
        return Step(gradient, zeros_like(gradient)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The update for a gradient (and θ) of any shape with one LSTM network; [problems, coordinates] with parameter
    /// groups or with the MLP, whose inputs are normalized per problem. The shape must stay the same across steps.
    /// </summary>
    public Tensor Step(Tensor gradient, Tensor parameters)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        ArgumentNullException.ThrowIfNull(parameters);
        using var scope = NewDisposeScope();
        var perProblem = !_routing.IsSingleNetwork || (_networks.Networks.Architecture.Kind == OptimizerKind.Mlp && gradient.dim() >= 2);
        long[] shape = perProblem ? [gradient.shape[0], -1] : [1, -1];
        var rows = gradient.detach().reshape(shape);
        _state ??= _networks.Networks.InitialState(rows.numel(), rows.device, rows.dtype).DetachFromDisposeScope();
        if (_state.Hidden.Length > 0 && _state.Hidden[0].shape[0] != rows.numel())
        {
            throw new ArgumentException($"The learned optimizer was started on {_state.Hidden[0].shape[0]} coordinates; this gradient has {rows.numel()}.", nameof(gradient));
        }

        var (update, next) = _networks.Step(_routing, rows, parameters.detach().reshape(shape), _state);
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
