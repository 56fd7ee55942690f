using static TorchSharp.torch;

namespace L2LCluster.Learning.Optimizers;

/// <summary>
/// ∂L/∂φ of the paper's LSTM over one truncation whose inputs do not depend on φ (first-order meta-gradients: the
/// optimizee gradients, and so the preprocessed inputs, are constants), given ∂L/∂(update) of every step. Every row
/// (coordinate) runs through its own copy of the network, so the rows go a block at a time: a block runs forward again
/// from its state at the truncation's start with its graph recorded, and autograd takes Σₛ ∂L/∂uₛ · uₛ back to φ.
/// Where backpropagation through the whole truncation keeps every step's activations of every row (and the optimizees'
/// own graphs) until its end, this keeps one block's.
/// </summary>
internal static class LstmSequenceGradient
{
    /// <summary>
    /// Rows per block: Fashion-MNIST with 16 networks per iteration (254,560 rows) took 36, 34, 38 and 52 s for three
    /// iterations at 2,048, 4,096, 16,384 and 65,536 rows on the dev machine.
    /// </summary>
    public const long BlockRows = 4096;

    /// <summary>
    /// ∂L/∂φ (a new tensor of φ's length, in the caller's dispose scope) for the LSTM <paramref name="network"/> at
    /// <paramref name="phi"/>, given the inputs of every step [steps, rows, input features], the layers' hidden and cell
    /// states at the truncation's start, and ∂L/∂(update) of every step [steps, rows].
    /// </summary>
    public static Tensor Of(CoordinatewiseLstm network, Tensor phi, Tensor inputs, CoordinateState start, Tensor updateGradients)
    {
        ArgumentNullException.ThrowIfNull(network);
        var gradient = zeros_like(phi);
        var rows = inputs.shape[1];
        var steps = inputs.shape[0];
        for (var first = 0L; first < rows; first += BlockRows)
        {
            var count = Math.Min(BlockRows, rows - first);
            using var scope = NewDisposeScope();
            using var withGraph = enable_grad();
            var leaf = phi.detach().requires_grad_(true);
            var weights = network.Bind(leaf);
            var block = start.Rows(first, count);
            var (hidden, cell) = (block.Hidden, block.Cell);
            Tensor? surrogate = null;
            for (var step = 0L; step < steps; step++)
            {
                Tensor update;
                (update, hidden, cell) = network.FromInput(weights, inputs[step].narrow(0, first, count), hidden, cell);
                var term = update.dot(updateGradients[step].narrow(0, first, count));
                surrogate = surrogate is null ? term : surrogate + term;
            }

            using var noGrad = no_grad();
            gradient.add_(autograd.grad([surrogate!], [leaf])[0]);
        }

        return gradient;
    }
}
