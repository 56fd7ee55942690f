namespace L2LCluster.Client.Tests;

/// <summary>A small finished run on the embedded cluster (runs/trained), shared by the tests that only read it.</summary>
public sealed class TrainedRun : IDisposable
{
    public const string Name = "trained";
    public const int Iterations = 6;

    private readonly TempFolder _folder = new();

    public TrainedRun()
    {
        var result = L2lConsole.Run("train", "--problem", "quadratic", "--iterations", $"{Iterations}", "--batch", "2", "--unroll", "5", "--horizon", "10", "--out", Folder);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    /// <summary>The run store: the folder that holds the run's folder.</summary>
    public string Runs => Path.Combine(_folder.Path, "runs");

    public string Folder => Path.Combine(Runs, Name);

    public string File(string name) => Path.Combine(Folder, name);

    public void Dispose() => _folder.Dispose();
}
