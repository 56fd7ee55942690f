using static TorchSharp.torch;

namespace L2LCluster.Learning.Optimizers;

/// <summary>The hidden and cell state of every coordinate, per LSTM layer: tensors of [coordinates, hidden].</summary>
public sealed class LstmState : IDisposable
{
    public LstmState(Tensor[] hidden, Tensor[] cell)
    {
        Hidden = hidden;
        Cell = cell;
    }

    public Tensor[] Hidden { get; }

    public Tensor[] Cell { get; }

    public static LstmState Zeros(IReadOnlyList<int> hiddenSizes, long coordinates, Device device)
    {
        var hidden = hiddenSizes.Select(size => zeros(coordinates, size, device: device)).ToArray();
        var cell = hiddenSizes.Select(size => zeros(coordinates, size, device: device)).ToArray();
        return new LstmState(hidden, cell);
    }

    /// <summary>Rows first … first + count − 1 of every layer (views, in the caller's dispose scope).</summary>
    public LstmState Rows(long first, long count) =>
        new([.. Hidden.Select(tensor => tensor.narrow(0, first, count))], [.. Cell.Select(tensor => tensor.narrow(0, first, count))]);

    /// <summary>The states one after the other, layer by layer.</summary>
    public static LstmState Concatenate(IReadOnlyList<LstmState> states) =>
        new(
            [.. Enumerable.Range(0, states[0].Hidden.Length).Select(layer => cat(states.Select(state => state.Hidden[layer]).ToArray(), 0))],
            [.. Enumerable.Range(0, states[0].Cell.Length).Select(layer => cat(states.Select(state => state.Cell[layer]).ToArray(), 0))]);

    /// <summary>A copy cut from the autograd graph: the boundary of a truncation.</summary>
    public LstmState Detach() =>
        new([.. Hidden.Select(tensor => tensor.detach())], [.. Cell.Select(tensor => tensor.detach())]);

    /// <summary>Takes this state out of every dispose scope: its owner disposes it.</summary>
    public LstmState DetachFromDisposeScope()
    {
        foreach (var tensor in Hidden.Concat(Cell))
        {
            tensor.DetachFromDisposeScope();
        }

        return this;
    }

    public void Dispose()
    {
        foreach (var tensor in Hidden.Concat(Cell))
        {
            tensor.Dispose();
        }
    }
}
