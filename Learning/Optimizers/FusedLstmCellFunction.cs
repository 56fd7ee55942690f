using static TorchSharp.torch;
using static TorchSharp.torch.autograd;

namespace L2LCluster.Learning.Optimizers;

/// <summary>
/// <see cref="FusedLstmCell"/>'s autograd function: (gate pre-activations [4·hidden, rows], c [hidden, rows]) → (h′, c′).
/// The forward keeps the sigmoids, c and tanh(c′) for the backward. A gradient autograd leaves undefined (the cell state
/// of a truncation's last step, which no later step uses) comes as zeros, made by TorchSharp from a tensor it keeps of
/// each output's shape; that tensor belongs to the dispose scope of the forward, so the backward must run before that
/// scope ends, as every meta-gradient here does. (Taking undefined gradients as such instead would leave TorchSharp a
/// tensor wrapper of no handle per such gradient, which it counts as live forever.)
/// </summary>
internal sealed class FusedLstmCellFunction : MultiTensorFunction<FusedLstmCellFunction>
{
    public override string Name => nameof(FusedLstmCellFunction);

    public override List<Tensor> forward(AutogradContext ctx, params object[] vars)
    {
        var gates = ((Tensor)vars[0]).contiguous();
        var cell = ((Tensor)vars[1]).contiguous();
        var (hidden, rows) = (cell.shape[0], cell.shape[1]);
        var sigmoids = empty_like(gates);
        var (nextCell, nextCellTanh, nextHidden) = (empty_like(cell), empty_like(cell), empty_like(cell));
        FusedLstmCell.Forward(FusedLstmCell.Address(gates), FusedLstmCell.Address(cell), FusedLstmCell.Address(sigmoids), FusedLstmCell.Address(nextCell), FusedLstmCell.Address(nextCellTanh), FusedLstmCell.Address(nextHidden), hidden, rows);
        ctx.save_for_backward([sigmoids, cell, nextCellTanh]);
        return [nextHidden, nextCell];
    }

    public override List<Tensor> backward(AutogradContext ctx, List<Tensor> grad_outputs)
    {
        var saved = ctx.get_saved_variables();
        var (sigmoids, cell, nextCellTanh) = (saved[0], saved[1], saved[2]);
        var (hidden, rows) = (cell.shape[0], cell.shape[1]);
        var gradHidden = grad_outputs[0].contiguous();
        var gradCell = grad_outputs[1].contiguous();
        var gradGates = empty_like(sigmoids);
        var gradCellBefore = empty_like(cell);
        FusedLstmCell.Backward(FusedLstmCell.Address(sigmoids), FusedLstmCell.Address(cell), FusedLstmCell.Address(nextCellTanh), FusedLstmCell.Address(gradHidden), FusedLstmCell.Address(gradCell), FusedLstmCell.Address(gradGates), FusedLstmCell.Address(gradCellBefore), hidden, rows);
        return [gradGates, gradCellBefore];
    }
}
