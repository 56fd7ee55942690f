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
