// Trains a small TorchSharp model (the paper's 784-20-10 sigmoid MLP) with the learned optimizer meta-trained on
// Fashion-MNIST, from the L2LCluster.Pretrained package, under a learning-rate schedule; then times one optimizer step
// against Adam's on the same model. Exits 1 if the loss does not fall.
using System.Diagnostics;
using System.Globalization;
using L2LCluster.Pretrained;
using TorchSharp;
using static TorchSharp.torch;

const int Steps = 200;
const int Batch = 128;

// One libtorch thread, as l2l uses: the LSTM's small matrix products gain nothing from more, and lose on a busy machine.
torch.set_num_threads(1);
torch.manual_seed(2016);
// A classification task of the model's shape: 2,048 inputs in [0, 1), labelled by a fixed random teacher.
var generator = new Generator(7);
var inputs = rand(2048, 784, generator: generator);
var labels = inputs.matmul(randn(784, 10, generator: generator)).argmax(1);

var model = Mlp();
using var optimizer = PretrainedOptimizers.FashionMnistMlp.Create(model.parameters());
var schedule = optim.lr_scheduler.StepLR(optimizer, step_size: 50, gamma: 0.8);
Console.WriteLine($"Training a 784-20-10 MLP with {PretrainedOptimizers.FashionMnistMlp}, lr ×{optimizer.ParamGroups.Single().LearningRate} decayed ×0.8 every 50 steps.");
var losses = new List<double>();
for (var step = 0; step < Steps; step++)
{
    using var scope = NewDisposeScope();
    var (images, targets) = Minibatch(step);
    optimizer.zero_grad();
    var loss = nn.functional.cross_entropy(model.forward(images), targets);
    loss.backward();
    optimizer.step();
    schedule.step();
    losses.Add(loss.item<float>());
    if (step % 50 == 0 || step == Steps - 1)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"step {step,4}  loss {losses[^1]:F4}  lr ×{optimizer.ParamGroups.Single().LearningRate:G3}"));
    }
}

var first = losses.Take(10).Average();
var last = losses.TakeLast(10).Average();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Mean loss of the first 10 steps {first:F4}, of the last 10 {last:F4}."));

var learnedStep = MedianStepMilliseconds(parameters => PretrainedOptimizers.FashionMnistMlp.Create(parameters));
var adamStep = MedianStepMilliseconds(parameters => optim.Adam(parameters, 0.01));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"One optimizer step on this MLP ({model.parameters().Sum(parameter => parameter.numel())} coordinates), median of 100: learned {learnedStep:F3} ms, Adam {adamStep:F3} ms ({learnedStep / adamStep:F1}×)."));

if (!(last < 0.8 * first))
{
    Console.Error.WriteLine("take-home: the loss did not fall.");
    return 1;
}

return 0;

(Tensor Images, Tensor Targets) Minibatch(int step)
{
    var rows = randint(0, inputs.shape[0], [Batch], generator: new Generator(1000 + (ulong)step));
    return (inputs.index_select(0, rows), labels.index_select(0, rows));
}

static nn.Module<Tensor, Tensor> Mlp() => nn.Sequential(nn.Linear(784, 20), nn.Sigmoid(), nn.Linear(20, 10));

// The step alone (not the forward and backward passes), after a warm-up, on a fresh model per optimizer.
double MedianStepMilliseconds(Func<IEnumerable<TorchSharp.Modules.Parameter>, optim.Optimizer> create)
{
    var timed = Mlp();
    using var timedOptimizer = create(timed.parameters());
    var times = new List<double>();
    for (var step = 0; step < 110; step++)
    {
        using var scope = NewDisposeScope();
        var (images, targets) = Minibatch(step);
        timedOptimizer.zero_grad();
        nn.functional.cross_entropy(timed.forward(images), targets).backward();
        var clock = Stopwatch.StartNew();
        timedOptimizer.step();
        if (step >= 10)
        {
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
    }

    times.Sort();
    return times[times.Count / 2];
}
