using L2LCluster.Runs;
using L2LCluster.Runs.Specs;

namespace L2LCluster.Learning.Data;

/// <summary>
/// MNIST or Fashion-MNIST from a folder holding the four standard IDX files, each raw or gzip-compressed with a
/// .gz suffix. Loaded once per process and folder, since every problem of a run samples from the same 30 MB.
/// </summary>
public sealed class MnistDataset
{
    /// <summary>The option that names the folder.</summary>
    private const string Setting = SpecFields.DataDirectory;

    /// <summary>Where Debian's dataset-fashion-mnist package installs Fashion-MNIST.</summary>
    public const string FashionMnistDirectory = "/usr/share/datasets/fashion-mnist";

    public const int ClassCount = 10;

    public const string TrainImagesFile = "train-images-idx3-ubyte";
    public const string TrainLabelsFile = "train-labels-idx1-ubyte";
    public const string TestImagesFile = "t10k-images-idx3-ubyte";
    public const string TestLabelsFile = "t10k-labels-idx1-ubyte";

    private const string InstallHint =
        "Fashion-MNIST comes from `apt-get install dataset-fashion-mnist` (into " + FashionMnistDirectory + "); "
        + "for MNIST, put its four IDX files (" + TrainImagesFile + ", " + TrainLabelsFile + ", " + TestImagesFile + ", "
        + TestLabelsFile + ", each optionally .gz) in one folder.";

    private static readonly OnceCache<MnistDataset> Loaded = new(Read);

    private MnistDataset(string directory, LabeledImages train, LabeledImages test)
    {
        Directory = directory;
        Train = train;
        Test = test;
    }

    /// <summary>The folder's full path.</summary>
    public string Directory { get; }

    public LabeledImages Train { get; }

    public LabeledImages Test { get; }

    public LabeledImages Split(DataSplit split) => split switch
    {
        DataSplit.Train => Train,
        DataSplit.Test => Test,
        _ => throw new ArgumentOutOfRangeException(nameof(split), split, "Unknown data split."),
    };

    /// <summary>The data set in <paramref name="directory"/>, read on first use and shared afterwards.</summary>
    public static MnistDataset Load(string directory)
    {
        if (string.IsNullOrWhiteSpace(directory))
        {
            throw new InvalidSettingException(Setting, "the data folder must be given. " + InstallHint);
        }

        return Loaded.Get(Path.GetFullPath(directory));
    }

    private static MnistDataset Read(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            throw new InvalidSettingException(Setting, $"the data folder '{directory}' does not exist. {InstallHint}");
        }

        var train = ReadSplit(directory, TrainImagesFile, TrainLabelsFile);
        var test = ReadSplit(directory, TestImagesFile, TestLabelsFile);
        if (train.Rows != test.Rows || train.Columns != test.Columns)
        {
            throw new InvalidSettingException(Setting, $"the data folder '{directory}' has {train.Rows} × {train.Columns} training images but {test.Rows} × {test.Columns} test images; both splits need the same size.");
        }

        return new MnistDataset(directory, train, test);
    }

    private static LabeledImages ReadSplit(string directory, string imagesName, string labelsName)
    {
        var imagesPath = Find(directory, imagesName);
        var labelsPath = Find(directory, labelsName);
        var images = IdxFile.Read(imagesPath, Setting);
        var labels = IdxFile.Read(labelsPath, Setting);
        if (images.Dimensions.Count != 3)
        {
            throw new InvalidSettingException(Setting, $"'{imagesPath}' has dimensions {Describe(images)}; images must be 3-D (count × rows × columns).");
        }

        if (labels.Dimensions.Count != 1)
        {
            throw new InvalidSettingException(Setting, $"'{labelsPath}' has dimensions {Describe(labels)}; labels must be 1-D (count).");
        }

        if (images.Dimensions[0] != labels.Dimensions[0])
        {
            throw new InvalidSettingException(Setting, $"'{imagesPath}' has {images.Dimensions[0]} images but '{labelsPath}' has {labels.Dimensions[0]} labels; the counts must agree.");
        }

        var invalid = Array.FindIndex(labels.Values, label => label >= ClassCount);
        if (invalid >= 0)
        {
            throw new InvalidSettingException(Setting, $"'{labelsPath}' has label {labels.Values[invalid]} at index {invalid}; labels must be 0 to {ClassCount - 1}.");
        }

        return new LabeledImages(images.Values, labels.Values, images.Dimensions[1], images.Dimensions[2]);
    }

    /// <summary>The raw file if present (no decompression), else its .gz form.</summary>
    private static string Find(string directory, string name)
    {
        var raw = Path.Combine(directory, name);
        if (File.Exists(raw))
        {
            return raw;
        }

        var compressed = raw + ".gz";
        if (File.Exists(compressed))
        {
            return compressed;
        }

        throw new InvalidSettingException(Setting, $"the data folder '{directory}' has neither {name} nor {name}.gz. {InstallHint}");
    }

    private static string Describe(IdxArray array) => string.Join(" × ", array.Dimensions);
}
