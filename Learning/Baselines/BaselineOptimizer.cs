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

    public IUpdateRule Create(IProblemFamily family, Device device) => Kind switch
    {
        BaselineKind.Sgd => new SgdRule(LearningRate),
        BaselineKind.Nag => new NesterovRule(LearningRate),
        BaselineKind.RmsProp => new RmsPropRule(LearningRate),
        BaselineKind.Adam => new AdamRule(LearningRate),
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Unknown baseline."),
    };

    /// <summary>Parses "adam", "rmsprop", "sgd", "nag" (case-insensitive).</summary>
    public static BaselineKind ParseKind(string name) => name.Trim().ToLowerInvariant() switch
    {
        "sgd" => BaselineKind.Sgd,
        "nag" or "nesterov" => BaselineKind.Nag,
        "rmsprop" => BaselineKind.RmsProp,
        "adam" => BaselineKind.Adam,
        _ => throw new InvalidSettingException(nameof(ComparisonOptions.Baselines), $"unknown baseline '{name}'; allowed: adam, rmsprop, sgd, nag."),
    };

    private sealed class SgdRule(double learningRate) : IUpdateRule
    {
        public Tensor Step(Tensor gradient) => gradient.mul(-learningRate);

        public void Dispose()
        {
        }
    }

    private sealed class NesterovRule(double learningRate) : IUpdateRule
    {
        private Tensor? _velocity;

        public Tensor Step(Tensor gradient)
        {
            if (_velocity is null)
            {
                _velocity = gradient.clone().DetachFromDisposeScope();
            }
            else
            {
                _velocity.mul_(Momentum).add_(gradient);
            }

            return gradient.add(_velocity, alpha: Momentum).mul_(-learningRate);
        }

        public void Dispose() => _velocity?.Dispose();
    }

    private sealed class RmsPropRule(double learningRate) : IUpdateRule
    {
        private Tensor? _meanSquare;

        public Tensor Step(Tensor gradient)
        {
            _meanSquare ??= zeros_like(gradient).DetachFromDisposeScope();
            _meanSquare.mul_(RmsPropAlpha).addcmul_(gradient, gradient, value: 1.0 - RmsPropAlpha);
            return gradient.div(_meanSquare.sqrt().add_(Epsilon)).mul_(-learningRate);
        }

        public void Dispose() => _meanSquare?.Dispose();
    }

    private sealed class AdamRule(double learningRate) : IUpdateRule
    {
        private Tensor? _firstMoment;
        private Tensor? _secondMoment;
        private int _step;

        public Tensor Step(Tensor gradient)
        {
            _firstMoment ??= zeros_like(gradient).DetachFromDisposeScope();
            _secondMoment ??= zeros_like(gradient).DetachFromDisposeScope();
            _step++;
            _firstMoment.mul_(AdamBeta1).add_(gradient, alpha: 1.0 - AdamBeta1);
            _secondMoment.mul_(AdamBeta2).addcmul_(gradient, gradient, value: 1.0 - AdamBeta2);
            var correction1 = 1.0 - Math.Pow(AdamBeta1, _step);
            var correction2 = 1.0 - Math.Pow(AdamBeta2, _step);
            var denominator = _secondMoment.sqrt().div_(Math.Sqrt(correction2)).add_(Epsilon);
            return _firstMoment.div(denominator).mul_(-learningRate / correction1);
        }

        public void Dispose()
        {
            _firstMoment?.Dispose();
            _secondMoment?.Dispose();
        }
    }
}
