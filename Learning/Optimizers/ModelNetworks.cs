using L2LCluster.Runs.Optimizers;

namespace L2LCluster.Learning.Optimizers;

public static class ModelNetworks
{
    /// <summary>The networks a trained optimizer's φ binds to.</summary>
    public static OptimizerNetworks Networks(this LearnedOptimizerModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new OptimizerNetworks(model.Architecture, model.ParameterGroups);
    }
}
