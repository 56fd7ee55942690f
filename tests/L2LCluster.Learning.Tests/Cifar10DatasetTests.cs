using L2LCluster.Learning.Data;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Tests;

public sealed class Cifar10DatasetTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void ReadsTheFiveTrainingFilesInOrderAndTheTestFileAsThreeChannelImages()
    {
        var written = CifarWriter.WriteDataset(_folder.Path, recordsPerTrainingFile: 2, testRecords: 3);

        var data = Cifar10Dataset.Load(_folder.Path);

        Assert.Equal(10, data.Train.Count);
        Assert.Equal(3, data.Split(DataSplit.Test).Count);
        Assert.Equal((3, 32, 32, 3072), (data.Train.Channels, data.Train.Rows, data.Train.Columns, data.Train.PixelsPerImage));
        var training = Cifar10Dataset.TrainingFiles.SelectMany(name => written[name]).ToArray();
        Assert.Equal(training.Select(record => record.Label), data.Train.Labels.ToArray());
        Assert.Equal(training.SelectMany(record => record.Pixels), data.Train.Pixels.ToArray());
        Assert.Equal(written[Cifar10Dataset.TestFile].Select(record => record.Label), data.Test.Labels.ToArray());
        Assert.Equal([3L, 3072L], data.Test.OnDevice(CPU).Images.shape);
    }

    [Fact]
    public void AMissingFolderOrFileNamesDataAndWhereToGetCifar()
    {
        var missingFolder = Assert.Throws<InvalidSettingException>(() => Cifar10Dataset.Load(_folder.File("absent")));
        CifarWriter.WriteDataset(_folder.Path, 1, 1);
        File.Delete(_folder.File("data_batch_3.bin"));

        var missingFile = Assert.Throws<InvalidSettingException>(() => Cifar10Dataset.Load(_folder.Path));

        Assert.All(new[] { missingFolder, missingFile }, error => Assert.Equal(SpecFields.DataDirectory, error.Setting));
        Assert.Contains("cifar-10-binary", missingFolder.Message, StringComparison.Ordinal);
        Assert.Contains("data_batch_3.bin", missingFile.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APartialRecordOrALabelAboveNineIsRefused()
    {
        CifarWriter.WriteDataset(_folder.Path, 1, 1);
        File.WriteAllBytes(_folder.File(Cifar10Dataset.TestFile), new byte[Cifar10Dataset.RecordSize + 5]);
        var partial = Assert.Throws<InvalidSettingException>(() => Cifar10Dataset.Load(_folder.Path));
        var badLabel = new byte[Cifar10Dataset.RecordSize];
        badLabel[0] = 10;
        File.WriteAllBytes(_folder.File(Cifar10Dataset.TestFile), badLabel);

        var label = Assert.Throws<InvalidSettingException>(() => Cifar10Dataset.Load(_folder.Path));

        Assert.Contains("whole records of 3073 bytes", partial.Message, StringComparison.Ordinal);
        Assert.Contains("label 10", label.Message, StringComparison.Ordinal);
    }
}
