namespace L2LCluster.Runs.Specs;

[GenerateSerializer]
public enum DataSplit
{
    Train,
    Test,
}
