using L2LCluster.Learning.Evaluation;
using L2LCluster.Runs;
using L2LCluster.Runs.Optimizers;
using L2LCluster.Runs.Storage;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Optimizers;

/// <summary>
/// A trained L2LCluster optimizer for your own TorchSharp training loop: load the file, hand it the model's
/// parameters, and call <see cref="Step"/> after each backward pass, as with torch.optim. Every coordinate of every
/// parameter keeps its own LSTM state; a parameter without a gradient is stepped as if its gradient were zero.
/// </summary>
public sealed class LearnedOptimizer : IDisposable
{
    private readonly Parameter[] _parameters;
    private readonly LearnedUpdateRule _rule;

    public LearnedOptimizer(LearnedOptimizerModel model, IEnumerable<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = [.. parameters];
        if (_parameters.Length == 0)
        {
            throw new ArgumentException("The optimizer needs at least one parameter to optimize.", nameof(parameters));
        }

        InvalidSettingException.ThrowUnless(model.ParameterGroups.IsEmpty, "optimizer", $"the optimizer has {model.ParameterGroups.Length} networks for parameter groups ({string.Join(", ", model.ParameterGroups.Select(group => group.Name))}); LearnedOptimizer steps models with one network only.");
        Model = model;
        _rule = new LearnedUpdateRule(model, _parameters[0].device);
    }

    public LearnedOptimizerModel Model { get; }

    /// <summary>Reads an optimizer file written by <c>l2l train</c> or <c>l2l export</c>.</summary>
    public static LearnedOptimizer Load(string path, IEnumerable<Parameter> parameters) =>
        new(OptimizerFile.Load(path).Model, parameters);

    /// <summary>Updates every parameter in place from its current gradient.</summary>
    public void Step()
    {
        using var scope = NewDisposeScope();
        var gradients = _parameters
            .Select(parameter => parameter.grad is { } gradient ? gradient.detach().reshape(-1) : zeros(parameter.numel(), device: parameter.device))
            .ToArray();
        using var noGrad = no_grad();
        var update = _rule.Step(cat(gradients, 0));
        long offset = 0;
        foreach (var parameter in _parameters)
        {
            var count = parameter.numel();
            parameter.add_(update.narrow(0, offset, count).view(parameter.shape));
            offset += count;
        }
    }

    /// <summary>Clears every parameter's gradient, before the next backward pass.</summary>
    public void ZeroGrad()
    {
        foreach (var parameter in _parameters)
        {
            using var gradient = parameter.grad;
            gradient?.zero_();
        }
    }

    public void Dispose() => _rule.Dispose();
}
