namespace L2LCluster.Learning.Problems;

/// <summary>A named slice of a problem's θ (one layer's weights or biases): coordinates Offset … Offset + Length − 1.</summary>
public sealed record ParameterSegment(string Name, int Offset, int Length);
