using System.CommandLine;
using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Vision;
using L2LCluster.Runs.Specs;

namespace L2LCluster.Client.Flags;

/// <summary>The problem family flags shared by train, eval and experiment, each with the problem option it sets.</summary>
internal sealed class ProblemFlags
{
    private readonly Option<string?> _data = new("--data") { Description = "The data folder. mnist-mlp, mnist-conv: MNIST-format IDX files (default: Fashion-MNIST from the Debian package); cifar-conv: CIFAR-10 binary files; neural-art: the content photographs, as --content-dir." };
    private readonly Option<int?> _dimensions = new("--dims") { Description = "quadratic: dimension of θ (10)." };
    private readonly Option<string?> _distribution = new("--distribution") { Description = "quadratic: gaussian (the paper's) or uniform (the official code's)." };
    private readonly Option<string?> _conditioning = new("--conditioning") { Description = "quadratic: MIN:MAX of the condition number κ each problem draws, log-uniform (W's columns scaled so the curvature spans κ); none: W as drawn." };
    private readonly Option<string?> _hiddenUnits = new("--hidden-units") { Description = "mnist-mlp: units per hidden layer, comma-separated (20)." };
    private readonly Option<string?> _activation = new("--activation") { Description = "mnist-mlp (sigmoid), cifar-conv, mnist-conv (relu): sigmoid, relu or tanh." };
    private readonly Option<int?> _channels = new("--channels") { Description = $"cifar-conv, mnist-conv: channels of each convolution, 1 to {ConvNetProblems.MaxChannels} ({ConvNetProblems.DefaultChannels})." };
    private readonly Option<string?> _optimizeeInit = new("--optimizee-init") { Description = "mnist-mlp: θ₀ ~ gaussian N(0, 0.01²) (the official code's) or fan-in U(±1/√fan_in) (PyTorch's default)." };
    private readonly Option<int?> _minibatch = new("--minibatch") { Description = "mnist-mlp, cifar-conv, mnist-conv: examples per minibatch (128)." };
    private readonly Option<int?> _size = new("--size") { Description = $"neural-art: the side of the image optimized, {NeuralArtProblems.MinSize} to {NeuralArtProblems.MaxSize} ({NeuralArtProblems.DefaultSize})." };
    private readonly Option<string?> _style = new("--style") { Description = $"neural-art: the style image, a path or a file of --content-dir ({NeuralArtProblems.DefaultStyleFile})." };
    private readonly Option<string?> _contentDirectory = new("--content-dir") { Description = $"neural-art: the folder of content photographs ({NeuralArtProblems.DefaultContentDirectory})." };
    private readonly Option<double?> _styleWeight = new("--style-weight") { Description = $"neural-art: λ, the weight of the style loss ({NeuralArtProblems.DefaultStyleWeight})." };
    private readonly Option<string?> _network = new("--network") { Description = $"neural-art: the ONNX file of the pretrained ResNet-18 (default: the one of NuGet package {ResNet18Package.Id}, looked up in the NuGet packages folder when the run starts)." };

    public ProblemFlags()
    {
        Fields =
        [
            FieldFlag<ProblemOptions>.Of(_data, SpecFields.DataDirectory, (options, value) => options with { DataDirectory = value }),
            FieldFlag<ProblemOptions>.Of(_dimensions, SpecFields.Dimensions, (options, value) => options with { Dimensions = value }),
            FieldFlag<ProblemOptions>.Of(_distribution, SpecFields.Distribution, (options, value) => options with
            {
                Distribution = FlagParsing.Choice(value, _distribution.Name, ("gaussian", QuadraticDistribution.Gaussian), ("uniform", QuadraticDistribution.Uniform)),
            }),
            FieldFlag<ProblemOptions>.Of(_conditioning, SpecFields.Conditioning, (options, value) => options with { Conditioning = QuadraticConditioning.Validate(FlagParsing.Range(value, _conditioning.Name), _conditioning.Name) }),
            FieldFlag<ProblemOptions>.Of(_hiddenUnits, SpecFields.HiddenUnits, (options, value) => options with { HiddenUnits = FlagParsing.IntegerList(value, _hiddenUnits.Name) }),
            FieldFlag<ProblemOptions>.Of(_activation, SpecFields.Activation, (options, value) => options with
            {
                Activation = FlagParsing.Choice(value, _activation.Name, ("sigmoid", Activation.Sigmoid), ("relu", Activation.Relu), ("tanh", Activation.Tanh)),
            }),
            FieldFlag<ProblemOptions>.Of(_minibatch, SpecFields.MinibatchSize, (options, value) => options with { MinibatchSize = value }),
            FieldFlag<ProblemOptions>.Of(_channels, SpecFields.ConvolutionChannels, (options, value) => options with { ConvolutionChannels = value }),
            FieldFlag<ProblemOptions>.Of(_optimizeeInit, SpecFields.OptimizeeInitialization, (options, value) => options with
            {
                Initialization = FlagParsing.Choice(value, _optimizeeInit.Name, ("gaussian", OptimizeeInitialization.Gaussian), ("fan-in", OptimizeeInitialization.FanIn)),
            }),
            FieldFlag<ProblemOptions>.Of(_size, SpecFields.ImageSize, (options, value) => options with { ImageSize = value }),
            FieldFlag<ProblemOptions>.Of(_style, SpecFields.StyleFile, (options, value) => options with { StyleFile = value }),
            FieldFlag<ProblemOptions>.Of(_contentDirectory, SpecFields.ContentDirectory, (options, value) => options with { ContentDirectory = value }),
            FieldFlag<ProblemOptions>.Of(_styleWeight, SpecFields.StyleWeight, (options, value) => options with { StyleWeight = value }),
            FieldFlag<ProblemOptions>.Of(_network, SpecFields.NetworkFile, (options, value) => options with { NetworkFile = value }),
        ];
    }

    public Option<string?> Problem { get; } = new("--problem", "-p") { Description = "Problem family: quadratic, mnist-mlp, mnist-conv, cifar-conv, neural-art, simple." };

    /// <summary>Every problem-option flag with the option it sets.</summary>
    public IReadOnlyList<FieldFlag<ProblemOptions>> Fields { get; }

    public void AddTo(Command command)
    {
        command.Add(Problem);
        foreach (var field in Fields)
        {
            command.Add(field.Option);
        }
    }

    /// <summary>The problem options the flags give, over <paramref name="fallback"/>; the split, when given, is set last.</summary>
    public ProblemOptions Read(ParseResult result, DataSplit? split = null, ProblemOptions? fallback = null)
    {
        var options = Fields.Aggregate(fallback ?? new ProblemOptions(), (current, field) => field.Apply(current, result));
        return split is { } chosen ? options with { Split = chosen } : options;
    }
}
