using L2LCluster.Learning.Evaluation;
using L2LCluster.Learning.Problems;
using L2LCluster.Runs;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Baselines;

/// <summary>A hand-designed optimizer at one learning rate, stepping exactly as PyTorch's own implementation.</summary>
public sealed record BaselineOptimizer : IOptimizerFactory
{
    public const double Momentum = 0.9;
    public const double RmsPropAlpha = 0.99;
    public const double AdamBeta1 = 0.9;
    public const double AdamBeta2 = 0.999;
    public const double Epsilon = 1e-8;

    public BaselineOptimizer(BaselineKind kind, double learningRate)
    {
        if (!(learningRate > 0.0) || !double.IsFinite(learningRate))
        {
            throw new InvalidSettingException("learningRate", $"a baseline learning rate must be a positive finite number; got {learningRate}.");
        }

        Kind = kind;
        LearningRate = learningRate;
    }

    public BaselineKind Kind { get; }

    public double LearningRate { get; }

    double? IOptimizerFactory.LearningRate => LearningRate;

    public string Name => Kind switch
    {
        BaselineKind.Sgd => "SGD",
        BaselineKind.Nag => "NAG",
        BaselineKind.RmsProp => "RMSprop",
        BaselineKind.Adam => "Adam",
        _ => Kind.ToString(),
    };

    public IUpdateRule Create(IProblemFamily family, Device device) => BaselineRules.Create(Kind, [LearningRate]);

    /// <summary>Parses "adam", "rmsprop", "sgd", "nag" (case-insensitive).</summary>
    public static BaselineKind ParseKind(string name) => name.Trim().ToLowerInvariant() switch
    {
        "sgd" => BaselineKind.Sgd,
        "nag" or "nesterov" => BaselineKind.Nag,
        "rmsprop" => BaselineKind.RmsProp,
        "adam" => BaselineKind.Adam,
        _ => throw new InvalidSettingException(nameof(ComparisonOptions.Baselines), $"unknown baseline '{name}'; allowed: adam, rmsprop, sgd, nag."),
    };
}
