using System.Collections.Concurrent;
using System.Collections.Immutable;
using L2LCluster.Learning.Randomness;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;
using TorchSharp;

namespace L2LCluster.Learning.Problems;

/// <summary>
/// The problems of a <see cref="TaskMixture"/>: each problem's component and hyperparameters are drawn from its seed
/// alone (a stream of its own), and the problem itself is the component family's problem of that same seed, so a
/// problem is the same in any batch, on any worker, in the single-process engine and the cluster. Problems of one batch
/// may differ in size: every row is padded to the largest problem the mixture can draw, the padding read by no loss
/// (its gradient is zero), so every unroller and estimator works on the [problems, coordinates] batch unchanged. The
/// price is work on the padding, and the MLP optimizer's per-row normalization counts the padded coordinates.
/// </summary>
public sealed class MixtureFamily : IProblemFamily, IProblemLayouts
{
    private const ulong MixtureStream = 0x6d697874UL;

    private readonly TaskMixture _mixture;
    private readonly ProblemOptions _baseOptions;
    private readonly ProblemCatalog _catalog;
    private readonly double _totalWeight;
    private readonly ConcurrentDictionary<string, IProblemFamily> _families = new(StringComparer.Ordinal);

    public MixtureFamily(TaskMixture mixture, ProblemOptions baseOptions, ProblemCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(mixture);
        ArgumentNullException.ThrowIfNull(baseOptions);
        ArgumentNullException.ThrowIfNull(catalog);
        _mixture = mixture.Validate();
        _baseOptions = baseOptions;
        _catalog = catalog;
        _totalWeight = mixture.Components.Sum(component => component.Weight);
        var largest = 0;
        for (var index = 0; index < mixture.Components.Length; index++)
        {
            var field = $"{SpecFields.MixtureComponents}[{index}]";
            InvalidSettingException.ThrowUnless(
                catalog.Names.Contains(mixture.Components[index].Family, StringComparer.OrdinalIgnoreCase),
                $"{field}.family",
                $"unknown family '{mixture.Components[index].Family}'; known: {string.Join(", ", catalog.Names.Where(name => name != TaskMixture.ProblemName).Order(StringComparer.Ordinal))}.");
            largest = Math.Max(largest, FamilyFor(mixture.Components[index].Family, Largest(mixture.Components[index])).CoordinatesPerProblem);
        }

        CoordinatesPerProblem = largest;
        Defaults = FamilyFor(mixture.Components[0].Family, baseOptions).Defaults;
    }

    public string Name => TaskMixture.ProblemName;

    /// <summary>The first component's: a mixture is trained as its first family would be unless the spec says otherwise.</summary>
    public ProblemDefaults Defaults { get; }

    /// <summary>The largest problem the mixture can draw; smaller ones are padded to it.</summary>
    public int CoordinatesPerProblem { get; }

    public TaskMixture Mixture => _mixture;

    /// <summary>The family (component and hyperparameters) problem <paramref name="problemSeed"/> is drawn from.</summary>
    public IProblemFamily FamilyOf(ulong problemSeed)
    {
        var random = new DeterministicRandom(SeedSequence.Derive(problemSeed, MixtureStream));
        var component = Pick(random.NextDouble() * _totalWeight);
        var options = _baseOptions;
        if (component.HiddenWidth is not null || component.Depth is not null)
        {
            var width = Draw(random, component.HiddenWidth) ?? _baseOptions.HiddenUnits?[0] ?? 20;
            var depth = Draw(random, component.Depth) ?? _baseOptions.HiddenUnits?.Length ?? 1;
            options = options with { HiddenUnits = [.. Enumerable.Repeat(width, depth)] };
        }

        if (component.Activations is { } activations)
        {
            options = options with { Activation = activations[random.NextInt(activations.Length)] };
        }

        options = Draw(random, component.MinibatchSize) is { } minibatch ? options with { MinibatchSize = minibatch } : options;
        options = Draw(random, component.Dimensions) is { } dimensions ? options with { Dimensions = dimensions } : options;
        options = Draw(random, component.Channels) is { } channels ? options with { ConvolutionChannels = channels } : options;
        // Not drawn here: each problem draws its κ from its own seed, so one family serves the whole range.
        options = component.Conditioning is { } conditioning ? options with { Conditioning = conditioning } : options;
        return FamilyFor(component.Family, options);
    }

    public IReadOnlyList<ParameterSegment> SegmentsOf(ulong problemSeed)
    {
        var family = FamilyOf(problemSeed);
        return family is IParameterLayout layout ? layout.Segments : [new ParameterSegment("theta", 0, family.CoordinatesPerProblem)];
    }

    public IProblemBatch Sample(IReadOnlyList<ulong> problemSeeds, torch.Device device)
    {
        ArgumentNullException.ThrowIfNull(problemSeeds);
        var groups = problemSeeds
            .Select((seed, row) => (Family: FamilyOf(seed), Seed: seed, Row: row))
            .GroupBy(problem => problem.Family)
            .ToArray();
        var batches = new List<MixtureBatch.Group>(groups.Length);
        try
        {
            foreach (var group in groups)
            {
                var batch = group.Key.Sample([.. group.Select(problem => problem.Seed)], device);
                batches.Add(new MixtureBatch.Group(batch, [.. group.Select(problem => (long)problem.Row)]));
            }

            return new MixtureBatch(batches, problemSeeds.Count, CoordinatesPerProblem, device);
        }
        catch
        {
            batches.ForEach(group => group.Batch.Dispose());
            throw;
        }
    }

    private MixtureComponent Pick(double draw)
    {
        var cumulative = 0.0;
        foreach (var component in _mixture.Components)
        {
            cumulative += component.Weight;
            if (draw < cumulative)
            {
                return component;
            }
        }

        return _mixture.Components[^1];
    }

    private static int? Draw(DeterministicRandom random, ImmutableArray<int>? range) =>
        range is { } bounds ? bounds[0] + random.NextInt(bounds[1] - bounds[0] + 1) : null;

    /// <summary>The options of the component's largest problem: the number of coordinates grows with each range.</summary>
    private ProblemOptions Largest(MixtureComponent component)
    {
        var options = _baseOptions;
        if (component.HiddenWidth is not null || component.Depth is not null)
        {
            var width = component.HiddenWidth?[1] ?? _baseOptions.HiddenUnits?.Max() ?? 20;
            var depth = component.Depth?[1] ?? _baseOptions.HiddenUnits?.Length ?? 1;
            options = options with { HiddenUnits = [.. Enumerable.Repeat(width, depth)] };
        }

        options = component.MinibatchSize is { } minibatch ? options with { MinibatchSize = minibatch[1] } : options;
        options = component.Channels is { } channels ? options with { ConvolutionChannels = channels[1] } : options;
        return component.Dimensions is { } dimensions ? options with { Dimensions = dimensions[1] } : options;
    }

    /// <summary>One family per distinct setting, so problems drawn alike share it and are sampled as one batch.</summary>
    private IProblemFamily FamilyFor(string name, ProblemOptions options) =>
        _families.GetOrAdd($"{name.ToLowerInvariant()} {SpecJson.Serialize(options)}", _ => _catalog.Create(name, options));
}
