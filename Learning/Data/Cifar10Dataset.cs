using L2LCluster.Runs;
using L2LCluster.Runs.Specs;

namespace L2LCluster.Learning.Data;

/// <summary>
/// CIFAR-10 in its binary version (cifar-10-batches-bin): data_batch_1.bin … data_batch_5.bin for training and
/// test_batch.bin for testing, each a run of records of one label byte and 3,072 pixel bytes (32 × 32 red, then
/// green, then blue). Loaded once per process and folder.
/// </summary>
public sealed class Cifar10Dataset
{
    /// <summary>The option that names the folder.</summary>
    private const string Setting = SpecFields.DataDirectory;

    public const int ClassCount = 10;
    public const int Channels = 3;
    public const int Side = 32;
    public const int PixelsPerImage = Channels * Side * Side;
    public const int RecordSize = 1 + PixelsPerImage;
    public const string TestFile = "test_batch.bin";
    public const int TrainingFileCount = 5;

    private const string InstallHint =
        "CIFAR-10 is not installed with this project: download the binary version (cifar-10-binary.tar.gz from "
        + "https://www.cs.toronto.edu/~kriz/cifar.html), unpack it and pass its cifar-10-batches-bin folder as --data.";

    private static readonly OnceCache<Cifar10Dataset> Loaded = new(Read);

    private Cifar10Dataset(string directory, LabeledImages train, LabeledImages test)
    {
        Directory = directory;
        Train = train;
        Test = test;
    }

    public string Directory { get; }

    public LabeledImages Train { get; }

    public LabeledImages Test { get; }

    /// <summary>The training file names, data_batch_1.bin … data_batch_5.bin.</summary>
    public static IReadOnlyList<string> TrainingFiles { get; } = [.. Enumerable.Range(1, TrainingFileCount).Select(index => $"data_batch_{index}.bin")];

    public LabeledImages Split(DataSplit split) => split switch
    {
        DataSplit.Train => Train,
        DataSplit.Test => Test,
        _ => throw new ArgumentOutOfRangeException(nameof(split), split, "Unknown data split."),
    };

    /// <summary>The data set in <paramref name="directory"/>, read on first use and shared afterwards.</summary>
    public static Cifar10Dataset Load(string? directory)
    {
        InvalidSettingException.ThrowUnless(!string.IsNullOrWhiteSpace(directory), Setting, "the CIFAR-10 folder must be given. " + InstallHint);
        return Loaded.Get(Path.GetFullPath(directory!));
    }

    private static Cifar10Dataset Read(string directory)
    {
        InvalidSettingException.ThrowUnless(System.IO.Directory.Exists(directory), Setting, $"the CIFAR-10 folder '{directory}' does not exist. {InstallHint}");
        return new Cifar10Dataset(directory, ReadFiles(directory, TrainingFiles), ReadFiles(directory, [TestFile]));
    }

    private static LabeledImages ReadFiles(string directory, IReadOnlyList<string> names)
    {
        var contents = names.Select(name => ReadFile(Path.Combine(directory, name))).ToArray();
        var count = contents.Sum(bytes => bytes.Length / RecordSize);
        var pixels = new byte[checked(count * PixelsPerImage)];
        var labels = new byte[count];
        var image = 0;
        foreach (var bytes in contents)
        {
            for (var offset = 0; offset < bytes.Length; offset += RecordSize, image++)
            {
                labels[image] = bytes[offset];
                bytes.AsSpan(offset + 1, PixelsPerImage).CopyTo(pixels.AsSpan(image * PixelsPerImage));
            }
        }

        return new LabeledImages(pixels, labels, Side, Side, Channels);
    }

    private static byte[] ReadFile(string path)
    {
        InvalidSettingException.ThrowUnless(File.Exists(path), Setting, $"'{path}' is missing; a CIFAR-10 folder holds {string.Join(", ", TrainingFiles)} and {TestFile}. {InstallHint}");
        var bytes = File.ReadAllBytes(path);
        InvalidSettingException.ThrowUnless(bytes.Length > 0 && bytes.Length % RecordSize == 0, Setting, $"'{path}' has {bytes.Length} bytes; a CIFAR-10 binary file holds whole records of {RecordSize} bytes (1 label + {PixelsPerImage} pixels).");
        for (var offset = 0; offset < bytes.Length; offset += RecordSize)
        {
            InvalidSettingException.ThrowUnless(bytes[offset] < ClassCount, Setting, $"'{path}' has label {bytes[offset]} in record {offset / RecordSize}; labels must be 0 to {ClassCount - 1}.");
        }

        return bytes;
    }
}
