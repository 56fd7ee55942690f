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

    // The paper's cell, small, with φ as a run starts it: every coordinate carries LSTM state.
    private static readonly LearnedOptimizerModel Lstm = LstmModel();

    [Fact]
    public void StepsTheParametersOfATorchSharpModuleInPlaceAsATorchSharpOptimizer()
    {
        torch.manual_seed(1);
        var model = nn.Linear(3, 2);
        var reference = nn.Linear(3, 2);
        reference.load_state_dict(model.state_dict());
        using optim.Optimizer learned = new LearnedOptimizer(SgdLike, model.parameters());
        var sgd = optim.SGD(reference.parameters(), 0.1);

        Train(model, learned, steps: 5);
        Train(reference, sgd, steps: 5);

        Assert.True(model.weight!.allclose(reference.weight!, rtol: 1e-5, atol: 1e-6));
        Assert.True(model.bias!.allclose(reference.bias!, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void ALearningRateSchedulerScalesTheLearnedUpdate()
    {
        torch.manual_seed(1);
        var model = nn.Linear(3, 2);
        var reference = nn.Linear(3, 2);
        reference.load_state_dict(model.state_dict());
        using var learned = new LearnedOptimizer(SgdLike, model.parameters(), lr: 2.0);
        var sgd = optim.SGD(reference.parameters(), 0.2);
        var learnedSchedule = optim.lr_scheduler.StepLR(learned, step_size: 2, gamma: 0.5);
        var sgdSchedule = optim.lr_scheduler.StepLR(sgd, step_size: 2, gamma: 0.5);

        for (var epoch = 0; epoch < 6; epoch++)
        {
            Train(model, learned, steps: 1);
            learnedSchedule.step();
            Train(reference, sgd, steps: 1);
            sgdSchedule.step();
        }

        Assert.Equal(0.25, learned.ParamGroups.Single().LearningRate, 12);
        Assert.True(model.weight!.allclose(reference.weight!, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void EveryParameterGroupTakesItsOwnMultiplier()
    {
        var frozen = new TorchSharp.Modules.Parameter(ones(3));
        var moving = new TorchSharp.Modules.Parameter(ones(3));
        using var optimizer = new LearnedOptimizer(SgdLike, [new LearnedOptimizer.ParamGroup([frozen], lr: 0), new LearnedOptimizer.ParamGroup([moving])], lr: 1);

        (frozen.sum() + moving.sum()).backward();
        optimizer.step();

        Assert.All(frozen.data<float>().ToArray(), value => Assert.Equal(1f, value));
        Assert.All(moving.data<float>().ToArray(), value => Assert.Equal(0.9f, value, 6));
    }

    [Fact]
    public void ItsLstmStateIsSavedAndRestoredWithTheModelsSoTrainingResumesExactly()
    {
        using var folder = new TempFolder();
        torch.manual_seed(3);
        var model = nn.Linear(3, 2);
        using var optimizer = new LearnedOptimizer(Lstm, model.parameters());
        Train(model, optimizer, steps: 4);
        model.save(folder.File("model.bin"));
        optimizer.save_state_dict(folder.File("optimizer.bin"));
        Assert.All(optimizer.state_dict().State, state => Assert.True(((LearnedOptimizer.State)state).HasStarted));

        Train(model, optimizer, steps: 3);
        var resumed = nn.Linear(3, 2);
        resumed.load(folder.File("model.bin"));
        using var restored = new LearnedOptimizer(Lstm, resumed.parameters());
        restored.load_state_dict(folder.File("optimizer.bin"));
        Train(resumed, restored, steps: 3);
        var fresh = nn.Linear(3, 2);
        fresh.load(folder.File("model.bin"));
        using var forgetful = new LearnedOptimizer(Lstm, fresh.parameters());
        Train(fresh, forgetful, steps: 3);

        Assert.True(resumed.weight!.allclose(model.weight!, rtol: 0, atol: 0));
        Assert.True(resumed.bias!.allclose(model.bias!, rtol: 0, atol: 0));
        Assert.False(fresh.weight!.allclose(model.weight!, rtol: 1e-6, atol: 1e-7));
    }

    [Fact]
    public void AnMlpOptimizersAccumulatorsAreSavedAndRestoredSoTrainingResumesExactly()
    {
        using var folder = new TempFolder();
        var architecture = OptimizerArchitecture.Mlp([6]);
        var mlp = new LearnedOptimizerModel(architecture, new OptimizerNetworks(architecture).InitialParameters(4, ParameterInitialization.Uniform));
        torch.manual_seed(3);
        var model = nn.Linear(3, 2);
        using var optimizer = new LearnedOptimizer(mlp, model.parameters());
        Train(model, optimizer, steps: 4);
        model.save(folder.File("model.bin"));
        optimizer.save_state_dict(folder.File("optimizer.bin"));

        Train(model, optimizer, steps: 3);
        var resumed = nn.Linear(3, 2);
        resumed.load(folder.File("model.bin"));
        using var restored = new LearnedOptimizer(mlp, resumed.parameters());
        restored.load_state_dict(folder.File("optimizer.bin"));
        Train(resumed, restored, steps: 3);

        Assert.True(resumed.weight!.allclose(model.weight!, rtol: 0, atol: 0));
        Assert.True(resumed.bias!.allclose(model.bias!, rtol: 0, atol: 0));
    }

    [Fact]
    public void AnMlpOptimizerStepsEachParameterTensorAsTheNetworksStepItAlone()
    {
        var architecture = OptimizerArchitecture.Mlp([6]);
        var networks = new OptimizerNetworks(architecture);
        var mlp = new LearnedOptimizerModel(architecture, networks.InitialParameters(4, ParameterInitialization.Uniform));
        var first = new TorchSharp.Modules.Parameter(randn(5, generator: new Generator(1)));
        var second = new TorchSharp.Modules.Parameter(randn(3, generator: new Generator(2)) * 100);
        var (firstBefore, secondBefore) = (first.detach().clone(), second.detach().clone());
        using var optimizer = new LearnedOptimizer(mlp, [first, second]);
        (first.square().sum() + second.square().sum()).backward();
        optimizer.step();

        using var scope = NewDisposeScope();
        var weights = networks.Bind(tensor(mlp.Parameters));
        foreach (var (parameter, before) in new[] { (first, firstBefore), (second, secondBefore) })
        {
            var (update, _) = networks.Step(weights, NetworkRouting.Single, (2 * before).unsqueeze(0), before.unsqueeze(0), networks.InitialState(before.numel(), CPU));
            Assert.True(parameter.detach().allclose(before + update.squeeze(0), rtol: 1e-5, atol: 1e-7));
        }
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

        optimizer.step();

        // With g = 0 the update is the bias alone.
        Assert.All(parameter.data<float>().ToArray(), value => Assert.Equal(0.5f, value));
    }

    private static void Train(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, int steps)
    {
        var inputs = randn(8, 3, generator: new Generator(2));
        var targets = randn(8, 2, generator: new Generator(3));
        for (var step = 0; step < steps; step++)
        {
            optimizer.zero_grad();
            nn.functional.mse_loss(model.forward(inputs), targets).backward();
            optimizer.step();
        }
    }

    private static LearnedOptimizerModel LstmModel()
    {
        var architecture = new OptimizerArchitecture([4, 4], GradientPreprocessing.LogAndSign(), 0.1);
        return new LearnedOptimizerModel(architecture, new CoordinatewiseLstm(architecture).InitialParameters(7, ParameterInitialization.Uniform));
    }
}
