namespace L2LCluster.Runs.Specs;

[GenerateSerializer]
public enum Activation
{
    Sigmoid,
    Relu,
    Tanh,
}
