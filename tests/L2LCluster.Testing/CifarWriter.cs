using L2LCluster.Learning.Data;

namespace L2LCluster.Testing;

/// <summary>Writes CIFAR-10 binary files (1 label byte + 3,072 pixel bytes per record) with seeded random content.</summary>
public static class CifarWriter
{
    /// <summary>The records written, as (label, pixels) per file name.</summary>
    public static Dictionary<string, (byte Label, byte[] Pixels)[]> WriteDataset(string folder, int recordsPerTrainingFile, int testRecords, int seed = 1)
    {
        var random = new Random(seed);
        var files = Cifar10Dataset.TrainingFiles.Select(name => (name, recordsPerTrainingFile)).Append((Cifar10Dataset.TestFile, testRecords));
        var written = new Dictionary<string, (byte Label, byte[] Pixels)[]>();
        foreach (var (name, count) in files)
        {
            var records = Enumerable.Range(0, count).Select(_ =>
            {
                var pixels = new byte[Cifar10Dataset.PixelsPerImage];
                random.NextBytes(pixels);
                return ((byte)random.Next(Cifar10Dataset.ClassCount), pixels);
            }).ToArray();
            File.WriteAllBytes(Path.Combine(folder, name), [.. records.SelectMany(record => new[] { record.Item1 }.Concat(record.pixels))]);
            written[name] = records;
        }

        return written;
    }
}
