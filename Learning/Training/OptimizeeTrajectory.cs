using L2LCluster.Learning.Optimizers;
using L2LCluster.Learning.Problems;
using L2LCluster.Runs.Optimizers;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Training;

/// <summary>
/// The state of a batch of problems between truncations: θ, the gradient and losses at θ (computed once, on the
/// minibatch of that step), the LSTM state of every coordinate and the step within the horizon. All tensors are
/// detached from the graph (each truncation starts a new one) and from every dispose scope (they outlive the
/// caller's scopes until replaced or disposed).
/// </summary>
internal sealed class OptimizeeTrajectory : IDisposable
{
    private OptimizeeTrajectory(IProblemBatch batch, Tensor parameters, Tensor gradient, CoordinateState state)
    {
        Batch = batch;
        Parameters = parameters;
        Gradient = gradient;
        State = state;
    }

    public IProblemBatch Batch { get; }

    public Tensor Parameters { get; private set; }

    public Tensor Gradient { get; private set; }

    public CoordinateState State { get; private set; }

    /// <summary>Optimization steps taken since the problems were sampled.</summary>
    public int Step { get; private set; }

    /// <summary>Starts fresh problems at θ₀ with the optimizer's initial state.</summary>
    public static OptimizeeTrajectory Start(IProblemBatch batch, OptimizerNetworks networks, Device device)
    {
        using var scope = NewDisposeScope();
        var parameters = batch.InitialParameters().requires_grad_(true);
        var (_, gradient) = ProblemGradients.Evaluate(batch, parameters, createGraph: false, retainGraph: false);
        var state = networks.InitialState(parameters.numel(), device);
        return new OptimizeeTrajectory(
            batch,
            parameters.detach().DetachFromDisposeScope(),
            gradient.DetachFromDisposeScope(),
            state.DetachFromDisposeScope());
    }

    /// <summary>Replaces the state by the end of a truncation, cut from its graph.</summary>
    public void Advance(Tensor parameters, Tensor gradient, CoordinateState state, int steps)
    {
        var detachedParameters = parameters.detach().DetachFromDisposeScope();
        var detachedGradient = gradient.detach().DetachFromDisposeScope();
        var detachedState = state.Detach().DetachFromDisposeScope();
        DisposeTensors();
        Parameters = detachedParameters;
        Gradient = detachedGradient;
        State = detachedState;
        Step += steps;
    }

    public void Dispose()
    {
        DisposeTensors();
        Batch.Dispose();
    }

    private void DisposeTensors()
    {
        Parameters.Dispose();
        Gradient.Dispose();
        State.Dispose();
    }
}
