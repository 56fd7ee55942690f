using L2LCluster.Learning.Data;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Tests;

public sealed class MnistDatasetTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void LoadsCompressedAndRawSplitsWithPixelsScaledToUnitInterval()
    {
        IdxWriter.WriteDataset(_folder.Path, trainCount: 6, testCount: 4, rows: 3, columns: 2);

        var data = MnistDataset.Load(_folder.Path);

        Assert.Equal(6, data.Train.Count);
        Assert.Equal(4, data.Split(DataSplit.Test).Count);
        Assert.Equal((3, 2), (data.Test.Rows, data.Test.Columns));
        var onCpu = data.Train.OnDevice(CPU);
        Assert.Equal([6L, 6L], onCpu.Images.shape);
        Assert.Equal(ScalarType.Float32, onCpu.Images.dtype);
        Assert.Equal(data.Train.Pixels.ToArray().Select(pixel => pixel / 255.0f), onCpu.Images.data<float>().ToArray());
        Assert.Equal(ScalarType.Int64, onCpu.Labels.dtype);
        Assert.Equal(data.Train.Labels.ToArray().Select(label => (long)label), onCpu.Labels.data<long>().ToArray());
    }

    [Fact]
    public void LoadsEachFolderOncePerProcess()
    {
        IdxWriter.WriteDataset(_folder.Path, trainCount: 2, testCount: 2);

        var first = MnistDataset.Load(_folder.Path);
        var again = MnistDataset.Load(Path.Combine(_folder.Path, "..", Path.GetFileName(_folder.Path)));

        Assert.Same(first, again);
        Assert.Same(first.Train.OnDevice(CPU), again.Train.OnDevice(CPU));
    }

    [Fact]
    public void DeviceTensorsSurviveTheDisposeScopeTheyWereFirstRequestedIn()
    {
        IdxWriter.WriteDataset(_folder.Path, trainCount: 3, testCount: 2);
        var data = MnistDataset.Load(_folder.Path);

        using (NewDisposeScope())
        {
            data.Test.OnDevice(CPU);
        }

        Assert.False(data.Test.OnDevice(CPU).Images.IsInvalid);
        Assert.Equal(2, data.Test.OnDevice(CPU).Labels.shape[0]);
    }

    [Fact]
    public void RejectsMissingFolderWithInstallHint()
    {
        var path = _folder.File("absent");

        var error = Assert.Throws<InvalidSettingException>(() => MnistDataset.Load(path));

        Assert.Equal(SpecFields.DataDirectory, error.Setting);
        Assert.Contains(path, error.Message);
        Assert.Contains("apt-get install dataset-fashion-mnist", error.Message);
    }

    [Fact]
    public void RejectsFolderMissingAFile()
    {
        IdxWriter.WriteDataset(_folder.Path, trainCount: 2, testCount: 2);
        File.Delete(_folder.File(MnistDataset.TestLabelsFile));

        var error = Assert.Throws<InvalidSettingException>(() => MnistDataset.Load(_folder.Path));

        Assert.Equal(SpecFields.DataDirectory, error.Setting);
        Assert.Contains(_folder.Path, error.Message);
        Assert.Contains(MnistDataset.TestLabelsFile, error.Message);
        Assert.Contains("apt-get install dataset-fashion-mnist", error.Message);
    }

    [Fact]
    public void RetriesAFolderAfterItsFilesAreFixed()
    {
        Assert.Throws<InvalidSettingException>(() => MnistDataset.Load(_folder.Path));
        IdxWriter.WriteDataset(_folder.Path, trainCount: 2, testCount: 2);

        Assert.Equal(2, MnistDataset.Load(_folder.Path).Train.Count);
    }

    [Fact]
    public void RejectsImageAndLabelCountMismatch()
    {
        IdxWriter.WriteDataset(_folder.Path, trainCount: 3, testCount: 2);
        File.WriteAllBytes(_folder.File(MnistDataset.TestLabelsFile), IdxWriter.Encode([3], [1, 2, 3]));

        var error = Assert.Throws<InvalidSettingException>(() => MnistDataset.Load(_folder.Path));

        Assert.Contains("2 images", error.Message);
        Assert.Contains("3 labels", error.Message);
        Assert.Contains(MnistDataset.TestLabelsFile, error.Message);
    }

    [Fact]
    public void RejectsLabelsOfTenOrMore()
    {
        IdxWriter.WriteDataset(_folder.Path, trainCount: 3, testCount: 2);
        File.WriteAllBytes(_folder.File(MnistDataset.TestLabelsFile), IdxWriter.Encode([2], [9, 10]));

        var error = Assert.Throws<InvalidSettingException>(() => MnistDataset.Load(_folder.Path));

        Assert.Contains("label 10 at index 1", error.Message);
    }

    [Fact]
    public void RejectsImagesThatAreNotThreeDimensional()
    {
        IdxWriter.WriteDataset(_folder.Path, trainCount: 3, testCount: 2);
        File.WriteAllBytes(_folder.File(MnistDataset.TestImagesFile), IdxWriter.Encode([2, 784], new byte[2 * 784]));

        var error = Assert.Throws<InvalidSettingException>(() => MnistDataset.Load(_folder.Path));

        Assert.Contains("3-D", error.Message);
        Assert.Contains(MnistDataset.TestImagesFile, error.Message);
    }

    [Fact]
    public void ReadsTheFashionMnistPackage()
    {
        var data = MnistDataset.Load(MnistDataset.FashionMnistDirectory);

        Assert.Equal(60_000, data.Train.Count);
        Assert.Equal(10_000, data.Test.Count);
        foreach (var split in new[] { data.Train, data.Test })
        {
            Assert.Equal((28, 28), (split.Rows, split.Columns));
            var classes = split.Labels.ToArray().Distinct().Order().Select(label => (int)label);
            Assert.Equal(Enumerable.Range(0, MnistDataset.ClassCount), classes);
        }
    }
}
