using L2LCluster.Learning.Evaluation;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Baselines;

/// <summary>
/// The hand-designed update rules, stepping exactly as PyTorch's own implementations, over one learning rate or a grid
/// of them at once: with k rates the problems' rows are k copies one after the other, copy i stepped at rate i. Every
/// factor that holds a rate is computed in double per copy and rounded to float once, as a scalar operand is, so a
/// copy's steps are the bits the rule at its rate alone would take.
/// </summary>
internal static class BaselineRules
{
    public static IUpdateRule Create(BaselineKind kind, IReadOnlyList<double> learningRates) => kind switch
    {
        BaselineKind.Sgd => new SgdRule(learningRates),
        BaselineKind.Nag => new NesterovRule(learningRates),
        BaselineKind.RmsProp => new RmsPropRule(learningRates),
        BaselineKind.Adam => new AdamRule(learningRates),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown baseline."),
    };

    /// <summary><paramref name="value"/> (the step's own tensor) times factor(rate) of its copy, in place.</summary>
    private static Tensor Scaled(Tensor value, IReadOnlyList<double> learningRates, Func<double, double> factor)
    {
        if (learningRates.Count == 1)
        {
            return value.mul_(factor(learningRates[0]));
        }

        var factors = tensor(learningRates.Select(rate => (float)factor(rate)).ToArray(), [learningRates.Count, 1], device: value.device);
        value.view(learningRates.Count, -1).mul_(factors);
        return value;
    }

    private sealed class SgdRule(IReadOnlyList<double> learningRates) : IUpdateRule
    {
        // −(g · lr) is g · (−lr) to the bit: negation is exact.
        public Tensor Step(Tensor gradient) => Scaled(gradient.neg(), learningRates, rate => rate);

        public void Dispose()
        {
        }
    }

    private sealed class NesterovRule(IReadOnlyList<double> learningRates) : IUpdateRule
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
                _velocity.mul_(BaselineOptimizer.Momentum).add_(gradient);
            }

            return Scaled(gradient.add(_velocity, alpha: BaselineOptimizer.Momentum), learningRates, rate => -rate);
        }

        public void Dispose() => _velocity?.Dispose();
    }

    private sealed class RmsPropRule(IReadOnlyList<double> learningRates) : IUpdateRule
    {
        private Tensor? _meanSquare;

        public Tensor Step(Tensor gradient)
        {
            _meanSquare ??= zeros_like(gradient).DetachFromDisposeScope();
            _meanSquare.mul_(BaselineOptimizer.RmsPropAlpha).addcmul_(gradient, gradient, value: 1.0 - BaselineOptimizer.RmsPropAlpha);
            return Scaled(gradient.div(_meanSquare.sqrt().add_(BaselineOptimizer.Epsilon)), learningRates, rate => -rate);
        }

        public void Dispose() => _meanSquare?.Dispose();
    }

    private sealed class AdamRule(IReadOnlyList<double> learningRates) : IUpdateRule
    {
        private Tensor? _firstMoment;
        private Tensor? _secondMoment;
        private int _step;

        public Tensor Step(Tensor gradient)
        {
            _firstMoment ??= zeros_like(gradient).DetachFromDisposeScope();
            _secondMoment ??= zeros_like(gradient).DetachFromDisposeScope();
            _step++;
            _firstMoment.mul_(BaselineOptimizer.AdamBeta1).add_(gradient, alpha: 1.0 - BaselineOptimizer.AdamBeta1);
            _secondMoment.mul_(BaselineOptimizer.AdamBeta2).addcmul_(gradient, gradient, value: 1.0 - BaselineOptimizer.AdamBeta2);
            var correction1 = 1.0 - Math.Pow(BaselineOptimizer.AdamBeta1, _step);
            var correction2 = 1.0 - Math.Pow(BaselineOptimizer.AdamBeta2, _step);
            var denominator = _secondMoment.sqrt().div_(Math.Sqrt(correction2)).add_(BaselineOptimizer.Epsilon);
            return Scaled(_firstMoment.div(denominator), learningRates, rate => -rate / correction1);
        }

        public void Dispose()
        {
            _firstMoment?.Dispose();
            _secondMoment?.Dispose();
        }
    }
}
