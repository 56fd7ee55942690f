namespace L2LCluster.Learning.Problems;

/// <summary>
/// A family whose θ is made of named segments (layers), so that different optimizer networks can own different
/// segments (the official code's net_assignments; the paper's CIFAR LSTM-sub).
/// </summary>
public interface IParameterLayout
{
    /// <summary>The segments in θ order; together they cover every coordinate once.</summary>
    IReadOnlyList<ParameterSegment> Segments { get; }
}
