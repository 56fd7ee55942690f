using L2LCluster.Learning.Files;
using L2LCluster.Learning.Optimizers;
using L2LCluster.Learning.Training;

namespace L2LCluster.Grains.Storage;

/// <summary>A run's φ as a learned optimizer file: what the coordinator hands out and what a checkpoint can be exported as.</summary>
public static class RunOptimizerFile
{
    public static byte[] Serialize(MetaTrainingSpec trainingSpec, string trainingSpecJson, float[] phi, int iteration) => OptimizerFile.Serialize(
        new LearnedOptimizerModel(trainingSpec.Architecture, (float[])phi.Clone()),
        new OptimizerFileInfo(trainingSpec.Problem, iteration, trainingSpecJson, DateTimeOffset.UtcNow));

    /// <summary>The optimizer file of a checkpoint's φ.</summary>
    public static byte[] FromCheckpoint(RunCheckpoint checkpoint, string source)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var trainingSpec = MetaTrainingSpecJson.Deserialize(checkpoint.Spec.TrainingSpecJson, source);
        return Serialize(trainingSpec, checkpoint.Spec.TrainingSpecJson, checkpoint.Phi, checkpoint.Iteration);
    }
}
