namespace L2LCluster.Learning.Problems;

public enum DataSplit
{
    Train,
    Test,
}
