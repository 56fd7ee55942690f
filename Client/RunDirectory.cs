using System.Text;
using L2LCluster.Learning;
using L2LCluster.Learning.Files;
using L2LCluster.Learning.Optimizers;
using L2LCluster.Learning.Training;

namespace L2LCluster.Client;

/// <summary>
/// The folder a run leaves behind: spec.json, metrics.csv (one row per meta-iteration) and optimizer.l2lopt.
/// A folder that already holds a run is never overwritten.
/// </summary>
internal sealed class RunDirectory : IDisposable
{
    public const string SpecFile = "spec.json";
    public const string MetricsFile = MetricsCsv.FileName;
    public const string OptimizerFileName = "optimizer" + OptimizerFile.Extension;

    private readonly StreamWriter _metrics;

    private RunDirectory(string path, StreamWriter metrics)
    {
        Path = path;
        _metrics = metrics;
    }

    public string Path { get; }

    public string OptimizerPath => System.IO.Path.Combine(Path, OptimizerFileName);

    /// <summary>Creates the folder (or takes an empty one) and writes the spec.</summary>
    public static RunDirectory Create(string path, MetaTrainingSpec spec)
    {
        var fullPath = RequireNew(path);
        Directory.CreateDirectory(fullPath);
        AtomicFile.Write(System.IO.Path.Combine(fullPath, SpecFile), Encoding.UTF8.GetBytes(MetaTrainingSpecJson.Serialize(spec)));
        var metrics = new StreamWriter(System.IO.Path.Combine(fullPath, MetricsFile), append: false, new UTF8Encoding(false));
        metrics.WriteLine(MetricsCsv.Header);
        return new RunDirectory(fullPath, metrics);
    }

    /// <summary>The full path of a folder that holds no run yet (absent or empty).</summary>
    public static string RequireNew(string path)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        if (File.Exists(fullPath))
        {
            throw new InvalidSettingException("--out", $"'{fullPath}' is a file; give a folder for the run.");
        }

        if (Directory.Exists(fullPath) && Directory.EnumerateFileSystemEntries(fullPath).Any())
        {
            throw new InvalidSettingException("--out", $"'{fullPath}' already holds files; choose a new folder so no earlier run is overwritten.");
        }

        return fullPath;
    }

    public void Record(MetaIterationReport report)
    {
        _metrics.WriteLine(MetricsCsv.Row(report));
    }

    public void SaveOptimizer(LearnedOptimizerModel model, MetaTrainingSpec spec, long iterations)
    {
        _metrics.Flush();
        OptimizerFile.Save(OptimizerPath, model, new OptimizerFileInfo(spec.Problem, iterations, MetaTrainingSpecJson.Serialize(spec), DateTimeOffset.UtcNow));
    }

    public void Dispose() => _metrics.Dispose();
}
