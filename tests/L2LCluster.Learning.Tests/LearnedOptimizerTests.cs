using L2LCluster.Learning.Optimizers;
using L2LCluster.Runs.Optimizers;
using L2LCluster.Runs.Storage;
using TorchSharp;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Tests;

public sealed class LearnedOptimizerTests
{
    // No LSTM layers, no preprocessing: the update is w·g + b, so φ = (−0.1, 0) is SGD with learning rate 0.1.
    private static readonly LearnedOptimizerModel SgdLike = new(new OptimizerArchitecture([], GradientPreprocessing.None, 1.0), [-0.1f, 0f]);

    [Fact]
    public void StepsTheParametersOfATorchSharpModuleInPlace()
    {
        torch.manual_seed(1);
        var model = nn.Linear(3, 2);
        var reference = nn.Linear(3, 2);
        reference.load_state_dict(model.state_dict());
        using var learned = new LearnedOptimizer(SgdLike, model.parameters());
        var sgd = optim.SGD(reference.parameters(), 0.1);
        var inputs = randn(8, 3, generator: new Generator(2));
        var targets = randn(8, 2, generator: new Generator(3));

        for (var step = 0; step < 5; step++)
        {
            learned.ZeroGrad();
            nn.functional.mse_loss(model.forward(inputs), targets).backward();
            learned.Step();
            sgd.zero_grad();
            nn.functional.mse_loss(reference.forward(inputs), targets).backward();
            sgd.step();
        }

        Assert.True(model.weight!.allclose(reference.weight!, rtol: 1e-5, atol: 1e-6));
        Assert.True(model.bias!.allclose(reference.bias!, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void LoadsFromAFileAndTreatsAMissingGradientAsZero()
    {
        using var folder = new TempFolder();
        var path = folder.File("linear.l2lopt");
        var model = new LearnedOptimizerModel(SgdLike.Architecture, [-0.1f, 0.5f]);
        OptimizerFile.Save(path, model, new OptimizerFileInfo("simple", 1, "", DateTimeOffset.UnixEpoch));
        var parameter = new TorchSharp.Modules.Parameter(zeros(4));
        using var optimizer = LearnedOptimizer.Load(path, [parameter]);

        optimizer.Step();

        // With g = 0 the update is the bias alone.
        Assert.All(parameter.data<float>().ToArray(), value => Assert.Equal(0.5f, value));
    }
}
