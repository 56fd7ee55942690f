using static TorchSharp.torch;

namespace L2LCluster.Learning.Problems;

/// <summary>
/// The optimizee losses and their gradient at θ in one pass: in closed form where the batch has one and no graph is
/// wanted (<see cref="IClosedFormGradient"/>), by autograd otherwise; then changed as a gradient augmentation of the
/// batch says (<see cref="IGradientAugmentation"/>). libtorch's autograd.grad has no error guard in
/// TorchSharp (a failure there ends the process), so what it needs is checked here first.
/// </summary>
public static class ProblemGradients
{
    /// <param name="batch">The problems.</param>
    /// <param name="parameters">θ, [problems, coordinates]; must require grad.</param>
    /// <summary>
    /// The losses, their gradient at θ, and the gradient the optimizer sees (the gradient changed as the batch's gradient
    /// augmentations say; the same tensor where there are none), with no graph kept: what a meta-gradient written out
    /// needs, since the meta-loss moves with the losses' own gradient and the optimizer steps on the one it sees.
    /// </summary>
    public static (Tensor Losses, Tensor Gradient, Tensor SeenGradient) EvaluateWithSeen(IProblemBatch batch, Tensor parameters)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch is IGradientAugmentation augmentation)
        {
            var (losses, gradient, seen) = EvaluateWithSeen(augmentation.Inner, parameters);
            return (losses, gradient, augmentation.Transform(seen));
        }

        var (plainLosses, plainGradient) = Evaluate(batch, parameters, createGraph: false, retainGraph: false);
        return (plainLosses, plainGradient, plainGradient);
    }

    /// <param name="createGraph">Keep the gradient differentiable (second-order meta-gradients).</param>
    /// <param name="retainGraph">Keep the losses' graph for a later backward pass through them (meta-training).</param>
    public static (Tensor Losses, Tensor Gradient) Evaluate(IProblemBatch batch, Tensor parameters, bool createGraph, bool retainGraph)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(parameters);
        if (batch is IGradientAugmentation augmentation)
        {
            var (innerLosses, innerGradient) = Evaluate(augmentation.Inner, parameters, createGraph, retainGraph);
            return (innerLosses, augmentation.Transform(innerGradient));
        }

        if (!createGraph && !retainGraph && batch is IClosedFormGradient closedForm)
        {
            using var noGrad = no_grad();
            return closedForm.LossesAndGradient(parameters);
        }

        if (!parameters.requires_grad)
        {
            throw new InvalidOperationException("The parameters must require grad to differentiate the problems' losses.");
        }

        var losses = batch.Losses(parameters);
        if (losses.shape.Length != 1 || losses.shape[0] != batch.ProblemCount)
        {
            throw new InvalidOperationException($"A problem batch must return one loss per problem ([{batch.ProblemCount}]); got [{string.Join(", ", losses.shape)}].");
        }

        if (!losses.requires_grad)
        {
            throw new InvalidOperationException("The problems' losses do not depend on their parameters: nothing to differentiate.");
        }

        using var total = losses.sum();
        var gradient = autograd.grad([total], [parameters], retain_graph: retainGraph || createGraph, create_graph: createGraph)[0];
        return (losses, gradient);
    }
}
