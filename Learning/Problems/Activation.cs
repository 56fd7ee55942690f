namespace L2LCluster.Learning.Problems;

public enum Activation
{
    Sigmoid,
    Relu,
}
