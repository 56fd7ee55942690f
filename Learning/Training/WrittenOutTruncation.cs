using L2LCluster.Learning.Optimizers;
using L2LCluster.Learning.Problems;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Training;

/// <summary>
/// One truncation of first-order meta-training with the paper's LSTM, its ∂L/∂φ written out rather than taken by
/// autograd. With the optimizee gradients held constant (the paper drops their second-order terms) θₜ = θ₀ + Σₛ≤ₜ uₛ, so
/// ∂L/∂uₛ = Σₜ≥ₛ wₜ ∇fₜ / problems: a suffix sum of the gradients the steps computed anyway. The LSTM's inputs are
/// constants too, and what is left is backpropagation through the LSTM alone (<see cref="LstmSequenceGradient"/>). The
/// steps run with no graph: no optimizee graph is kept across the truncation, nor any activation of the LSTM's.
/// </summary>
internal static class WrittenOutTruncation
{
    /// <param name="network">The LSTM, the only network (no parameter groups).</param>
    /// <param name="phi">φ on the device.</param>
    /// <param name="trajectory">The problems where the last truncation left them.</param>
    /// <param name="steps">Steps of this truncation.</param>
    /// <param name="weightOfStep">The meta-loss weight of the truncation's step s (1-based).</param>
    public static TruncationOutcome Run(CoordinatewiseLstm network, Tensor phi, OptimizeeTrajectory trajectory, int steps, Func<int, double> weightOfStep)
    {
        var layers = network.Architecture.HiddenSizes.Length;
        var problems = trajectory.Parameters.shape[0];
        var weights = network.Bind(phi);
        var parameters = trajectory.Parameters;
        var gradient = trajectory.Gradient;
        var state = trajectory.State;
        var inputs = new Tensor[steps];
        var lossGradients = new Tensor[steps];
        Tensor? metaLoss = null;
        Tensor? meanLoss = null;
        for (var step = 1; step <= steps; step++)
        {
            using (no_grad())
            {
                var rows = gradient.reshape(-1);
                inputs[step - 1] = network.Architecture.Preprocessing.Apply(rows, state.Hidden.AsSpan(layers)).Input;
                var (update, next) = network.Step(weights, rows, state);
                state = next;
                parameters = parameters + update.view(parameters.shape);
            }

            var (losses, lossGradient, seenGradient) = ProblemGradients.EvaluateWithSeen(trajectory.Batch, parameters.requires_grad_(true));
            parameters = parameters.detach();
            gradient = seenGradient.detach();
            var weight = weightOfStep(step);
            meanLoss = losses.detach().mean();
            var weighted = meanLoss * weight;
            metaLoss = metaLoss is null ? weighted : metaLoss + weighted;
            lossGradients[step - 1] = lossGradient.detach().mul(weight / problems);
        }

        return new TruncationOutcome(parameters, gradient, state, metaLoss!.item<float>(), meanLoss!.item<float>(), () =>
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();

            // ∂L/∂uₛ: the weighted gradients of steps s … end, summed from the end.
            for (var step = steps - 2; step >= 0; step--)
            {
                lossGradients[step].add_(lossGradients[step + 1]);
            }

            var start = new CoordinateState(trajectory.State.Hidden[..layers], trajectory.State.Cell);
            return LstmSequenceGradient.Of(network, phi, stack(inputs), start, stack(lossGradients).view(steps, -1)).data<float>().ToArray();
        });
    }
}
