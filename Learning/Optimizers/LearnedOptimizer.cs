using L2LCluster.Runs;
using L2LCluster.Runs.Optimizers;
using L2LCluster.Runs.Storage;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Optimizers;

/// <summary>
/// A trained L2LCluster optimizer as a TorchSharp optimizer, for your own training loop: load the file, hand it the
/// model's parameters (or parameter groups), then <c>zero_grad()</c>, backward, <c>step()</c> as with torch.optim. Its
/// learning rate multiplies the learned update (1 = as trained), so TorchSharp's <c>lr_scheduler</c>s work on it;
/// every coordinate keeps its own state (LSTM states, or the MLP's accumulators), saved and restored with
/// <c>save_state_dict</c>/<c>load_state_dict</c>. The MLP normalizes its inputs per tensor, so it steps each parameter on
/// its own; the LSTM steps a group's parameters as one batch of coordinates.
/// A parameter without a gradient is stepped as if its gradient were zero.
/// </summary>
public sealed partial class LearnedOptimizer : OptimizerHelper
{
    private readonly BoundNetworks _networks;

    /// <param name="model">The trained optimizer (<see cref="OptimizerFile.Load"/>).</param>
    /// <param name="parameters">What it optimizes.</param>
    /// <param name="lr">Multiplies the learned update; 1 steps as trained.</param>
    public LearnedOptimizer(LearnedOptimizerModel model, IEnumerable<Parameter> parameters, double lr = 1.0)
        : this(model, [new ParamGroup(parameters)], lr)
    {
    }

    /// <param name="model">The trained optimizer.</param>
    /// <param name="groups">Parameter groups, each with its own multiplier if it names one.</param>
    /// <param name="lr">The multiplier of groups that name none.</param>
    public LearnedOptimizer(LearnedOptimizerModel model, IEnumerable<ParamGroup> groups, double lr = 1.0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(groups);
        InvalidSettingException.ThrowUnless(model.ParameterGroups.IsEmpty, "optimizer", $"the optimizer has {model.ParameterGroups.Length} networks for parameter groups ({string.Join(", ", model.ParameterGroups.Select(group => group.Name))}); LearnedOptimizer steps models with one network only.");
        ArgumentOutOfRangeException.ThrowIfNegative(lr);
        Model = model;
        _defaults = new Options { LearningRate = lr, InitialLearningRate = lr };
        _parameter_groups = [];
        foreach (var group in groups)
        {
            add_param_group(group);
        }

        var first = parameters().FirstOrDefault()
            ?? throw new ArgumentException("The optimizer needs at least one parameter to optimize.", nameof(groups));
        _networks = new BoundNetworks(model, first.device);
    }

    public LearnedOptimizerModel Model { get; }

    /// <summary>Reads an optimizer file written by <c>l2l train</c> or <c>l2l export</c>.</summary>
    public static LearnedOptimizer Load(string path, IEnumerable<Parameter> parameters, double lr = 1.0) =>
        new(OptimizerFile.Load(path).Model, parameters, lr);

    /// <summary>Updates every parameter in place from its current gradient, each group scaled by its learning rate.</summary>
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(Step, closure);

    public override void add_param_group(TorchSharp.Modules.ParamGroup param_group)
    {
        ArgumentNullException.ThrowIfNull(param_group);
        var defaults = (Options)_defaults;
        param_group.Options ??= new Options();
        var options = (Options)param_group.Options;
        options.LearningRate ??= defaults.LearningRate;
        options.InitialLearningRate = options.LearningRate!.Value;
        _parameter_groups.Add(param_group);
        foreach (var parameter in param_group.Parameters)
        {
            var state = new State(parameter, owner: this);
            state.Initialize(options);
            _state[parameter.Handle] = state;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var (_, state) in _state)
            {
                ((State)state).Dispose();
            }

            _state.Clear();
            _networks.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Step(ParamGroup group)
    {
        var parameters = group.Parameters.ToArray();
        if (parameters.Length == 0)
        {
            return;
        }

        if (_networks.Networks.Architecture.Kind == OptimizerKind.Mlp)
        {
            foreach (var parameter in parameters)
            {
                StepTogether([parameter], group.Options.LearningRate!.Value);
            }

            return;
        }

        StepTogether(parameters, group.Options.LearningRate!.Value);
    }

    /// <summary>One step of <paramref name="parameters"/> as one row of coordinates.</summary>
    private void StepTogether(Parameter[] parameters, double learningRate)
    {
        var gradients = cat(parameters.Select(GradientOf).ToArray(), 0);
        var states = parameters.Select(parameter => ((State)_state[parameter.Handle]).Current(_networks.Networks)).ToArray();
        var values = cat(parameters.Select(parameter => parameter.detach().reshape(-1)).ToArray(), 0);
        var (update, next) = _networks.Step(NetworkRouting.Single, gradients.unsqueeze(0), values.unsqueeze(0), CoordinateState.Concatenate(states));
        update = update.reshape(-1).mul(learningRate);
        long offset = 0;
        foreach (var parameter in parameters)
        {
            var count = parameter.numel();
            parameter.add_(update.narrow(0, offset, count).view(parameter.shape));
            ((State)_state[parameter.Handle]).Replace(next.Rows(offset, count));
            offset += count;
        }
    }

    private static Tensor GradientOf(Parameter parameter) =>
        parameter.grad is { } gradient ? gradient.detach().reshape(-1) : zeros(parameter.numel(), dtype: parameter.dtype, device: parameter.device);
}
