using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Training;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Tests;

/// <summary>
/// TorchSharp 0.107 does not keep a Scalar alive through the native call it is handed to (every number given to a
/// tensor operation, and the α of every tensor +), so in optimized code a collection that another thread starts during
/// the call can free it under libtorch. Unoptimized JIT code (DOTNET_JITMinOpts=1, which test.sh, the images and the
/// local cluster set) keeps every argument alive to its method's end. The runtime reads the setting from the
/// environment only: a runtimeconfig.json property of that name did not stop the failure.
/// </summary>
public sealed class TorchArgumentLifetimeTests
{
    [Theory]
    [InlineData("1", null, true)]
    [InlineData(null, "1", true)]
    [InlineData("0", "1", false)]
    [InlineData(null, null, false)]
    [InlineData("", null, false)]
    public void TheSettingCountsUnderEitherPrefixWithTheRuntimesPrecedence(string? dotnet, string? complus, bool expected)
    {
        var environment = new Dictionary<string, string?> { ["DOTNET_JITMinOpts"] = dotnet, ["COMPlus_JITMinOpts"] = complus };

        Assert.Equal(expected, TorchArgumentLifetime.IsProtected(name => environment.GetValueOrDefault(name)));
    }

    /// <summary>
    /// Without the setting this failed in libtorch ("Expected false to be true", "Unknown scalar type.") within 50
    /// meta-iterations in each of six runs, a few seconds, with this allocating thread beside it.
    /// </summary>
    [Fact]
    public void MetaTrainingSurvivesCollectionsThatAnotherThreadStartsDuringItsTensorCalls()
    {
        Assert.True(Environment.GetEnvironmentVariable("DOTNET_JITMinOpts") == "1", "run the tests with DOTNET_JITMinOpts=1, as test.sh does");
        var family = new QuadraticProblems();
        var spec = TrainingSpecs.ForFamily(family) with { Problems = 64, Iterations = 100, Seed = 11 };
        using var trainer = new MetaTrainer(spec, family, CPU);
        using var stop = new CancellationTokenSource();
        var allocator = new Thread(() => AllocateUntil(stop.Token)) { IsBackground = true };
        allocator.Start();
        var collectionsBefore = GC.CollectionCount(0);
        try
        {
            for (var iteration = 0; iteration < spec.Iterations; iteration++)
            {
                Assert.True(double.IsFinite(trainer.Step().MetaLoss));
            }
        }
        finally
        {
            stop.Cancel();
            allocator.Join();
        }

        // The other thread's garbage brought collections all through the meta-training.
        var collections = GC.CollectionCount(0) - collectionsBefore;
        Assert.True(collections > 1000, $"{collections} collections");
    }

    private static void AllocateUntil(CancellationToken stop)
    {
        var held = new List<byte[]>();
        while (!stop.IsCancellationRequested)
        {
            held.Add(new byte[1024]);
            if (held.Count == 256)
            {
                held.Clear();
            }
        }
    }
}
