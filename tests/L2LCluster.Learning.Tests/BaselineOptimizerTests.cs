using L2LCluster.Learning.Baselines;
using L2LCluster.Learning.Problems;
using L2LCluster.Runs;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Tests;

public sealed class BaselineOptimizerTests
{
    public static TheoryData<BaselineKind> Kinds => [BaselineKind.Sgd, BaselineKind.Nag, BaselineKind.RmsProp, BaselineKind.Adam];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void StepsExactlyLikeTorchSharpsOwnOptimizer(BaselineKind kind)
    {
        const double learningRate = 0.05;
        using var scope = NewDisposeScope();
        var start = randn(2, 7, generator: new Generator(21));
        var reference = new Parameter(start.clone());
        optim.Optimizer torchOptimizer = kind switch
        {
            BaselineKind.Sgd => optim.SGD([reference], learningRate),
            BaselineKind.Nag => optim.SGD([reference], learningRate, momentum: BaselineOptimizer.Momentum, nesterov: true),
            BaselineKind.RmsProp => optim.RMSProp([reference], learningRate, alpha: BaselineOptimizer.RmsPropAlpha, eps: BaselineOptimizer.Epsilon),
            _ => optim.Adam([reference], learningRate, BaselineOptimizer.AdamBeta1, BaselineOptimizer.AdamBeta2, BaselineOptimizer.Epsilon),
        };
        using var rule = new BaselineOptimizer(kind, learningRate).Create(new QuadraticProblems(7), CPU);
        var ours = start.clone();
        var generator = new Generator(22);

        for (var step = 0; step < 6; step++)
        {
            var gradient = randn(2, 7, generator: generator);
            torchOptimizer.zero_grad();
            (reference * gradient).sum().backward();
            torchOptimizer.step();
            using (no_grad())
            {
                ours = ours + rule.Step(gradient);
            }

            Assert.True(ours.allclose(reference, rtol: 1e-5, atol: 1e-6), $"{kind} differs at step {step}");
        }
    }

    [Theory]
    [InlineData("adam", BaselineKind.Adam)]
    [InlineData("RMSprop", BaselineKind.RmsProp)]
    [InlineData("sgd", BaselineKind.Sgd)]
    [InlineData("nag", BaselineKind.Nag)]
    public void ParsesBaselineNames(string name, BaselineKind expected) => Assert.Equal(expected, BaselineOptimizer.ParseKind(name));

    [Fact]
    public void AnUnknownBaselineNameIsRejectedWithTheAllowedNames()
    {
        var error = Assert.Throws<InvalidSettingException>(() => BaselineOptimizer.ParseKind("adagrad"));

        Assert.Equal("Baselines", error.Setting);
        Assert.Contains("adam, rmsprop, sgd, nag", error.Message, StringComparison.Ordinal);
    }
}
