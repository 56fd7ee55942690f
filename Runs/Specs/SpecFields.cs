namespace L2LCluster.Runs.Specs;

/// <summary>
/// The names of a run's settings as its JSON spells them: what every refusal of a spec names. The console maps them
/// to its flags, a spec file's reader to the file's fields; nothing below the console knows a flag.
/// </summary>
public static class SpecFields
{
    public const string Problem = "problem";
    public const string ProblemOptions = "problemOptions";
    public const string Iterations = "iterations";
    public const string Unroll = "unroll";
    public const string Horizon = "horizon";
    public const string Problems = "problems";
    public const string LearningRate = "learningRate";
    public const string ClipNorm = "clipNorm";
    public const string Seed = "seed";
    public const string SecondOrder = "secondOrder";
    public const string LossWeighting = "lossWeighting";
    public const string ValidationEvery = "validation.every";
    public const string ValidationProblems = "validation.problems";
    public const string HiddenSizes = "hiddenSizes";
    public const string Architecture = "architecture";
    public const string Preprocessing = "preprocessing";
    public const string PreprocessingExponent = "preprocessingExponent";
    public const string OutputScale = "outputScale";
    public const string Initialization = "initialization";
    public const string StartFrom = "startFrom";
    public const string ParameterGroups = "parameterGroups";
    public const string Estimator = "estimator.kind";
    public const string Perturbations = "estimator.perturbations";
    public const string Sigma = "estimator.sigma";
    public const string UnrollSchedule = "unrollSchedule";
    public const string Mixture = "mixture";
    public const string MixtureComponents = "mixture.components";
    public const string ReparamScale = "augmentation.reparamScale";
    public const string NormalizeGradient = "augmentation.normalizeGradient";

    public const string Dimensions = "problemOptions.dimensions";
    public const string Distribution = "problemOptions.distribution";
    public const string Conditioning = "problemOptions.conditioning";
    public const string DataDirectory = "problemOptions.dataDirectory";
    public const string HiddenUnits = "problemOptions.hiddenUnits";
    public const string Activation = "problemOptions.activation";
    public const string MinibatchSize = "problemOptions.minibatchSize";
    public const string ConvolutionChannels = "problemOptions.convolutionChannels";
    public const string OptimizeeInitialization = "problemOptions.initialization";
    public const string Split = "problemOptions.split";
    public const string ImageSize = "problemOptions.imageSize";
    public const string StyleFile = "problemOptions.styleFile";
    public const string ContentDirectory = "problemOptions.contentDirectory";
    public const string StyleWeight = "problemOptions.styleWeight";
    public const string NetworkFile = "problemOptions.networkFile";

    /// <summary>The run's settings around its meta-training spec (<see cref="RunSpec"/>).</summary>
    public const string RunId = "runId";
    public const string CheckpointEvery = "checkpointEvery";
    public const string WorkerDeadline = "workerDeadline";
    public const string Asynchronous = "asynchronous";
    public const string MaxStaleness = "asynchronous.maxStaleness";
    public const string GradientsPerUpdate = "asynchronous.gradientsPerUpdate";
    public const string InitialPhi = "initialPhi";
}
