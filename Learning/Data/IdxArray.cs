namespace L2LCluster.Learning.Data;

/// <summary>The contents of one IDX file of unsigned bytes: its dimensions and its values in row-major order.</summary>
public sealed record IdxArray(IReadOnlyList<int> Dimensions, byte[] Values);
