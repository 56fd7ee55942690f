using TorchSharp;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Optimizers;

/// <summary>
/// Steps a coordinatewise network a block of rows at a time where no graph is recorded on the CPU (evaluation, ES and
/// PES, a model's optimizer at home). A step is a dozen elementwise passes over [rows, 4 × hidden] gate tensors; over
/// all rows at once each pass streams them from memory, over a block they stay in the core's cache between passes.
/// Every row depends on its own gradient and state alone, so a block's rows come out as they would from the whole.
/// </summary>
internal static class CacheSizedBlocks
{
    /// <summary>
    /// Rows per block: the fastest of 1,024 to 65,536 for the paper's LSTM on the 2-core dev machine (2 MiB of L2 per
    /// core; a block's gate tensor is 1.3 MiB): a step of 254,560 rows in 135 ms against 197 ms whole (docs/performance.md).
    /// </summary>
    public const long Rows = 4096;

    /// <summary>Whether <paramref name="gradient"/>'s rows are stepped in blocks: on the CPU, with no graph, more than one block's worth.</summary>
    public static bool Apply(Tensor gradient) => !is_grad_enabled() && gradient.device.type == DeviceType.CPU && gradient.shape[0] > Rows;

    /// <summary>
    /// <paramref name="step"/> over the rows of <paramref name="gradient"/> ([rows]) block by block, each block within one
    /// branch and stepped with that branch's weights; the updates [rows] and the state after, in the caller's dispose scope.
    /// </summary>
    public static (Tensor Update, CoordinateState State) Step(
        NetworkWeights weights, Tensor gradient, CoordinateState state, Func<NetworkWeights, Tensor, CoordinateState, (Tensor Update, CoordinateState State)> step)
    {
        var rows = gradient.shape[0];
        var rowsPerBranch = rows / weights.Branches;
        var update = empty(rows, dtype: gradient.dtype, device: gradient.device);
        var next = state.EmptyLike();
        for (var branch = 0L; branch < weights.Branches; branch++)
        {
            using var branchScope = NewDisposeScope();
            var branchWeights = weights.Branch(branch);
            var end = (branch + 1) * rowsPerBranch;
            for (var first = branch * rowsPerBranch; first < end; first += Rows)
            {
                var count = Math.Min(Rows, end - first);
                using var blockScope = NewDisposeScope();
                var (blockUpdate, blockState) = step(branchWeights, gradient.narrow(0, first, count), state.Rows(first, count));
                update.narrow(0, first, count).copy_(blockUpdate);
                next.Rows(first, count).CopyFrom(blockState);
            }
        }

        return (update, next);
    }
}
