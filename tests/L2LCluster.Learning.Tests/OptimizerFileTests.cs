using L2LCluster.Learning.Optimizers;
using L2LCluster.Runs;
using L2LCluster.Runs.Optimizers;
using L2LCluster.Runs.Storage;
using MessagePack;

namespace L2LCluster.Learning.Tests;

public sealed class OptimizerFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public void ASavedOptimizerLoadsBackIdentically()
    {
        var model = Model();
        var path = _folder.File("optimizer.l2lopt");
        var created = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

        OptimizerFile.Save(path, model, new OptimizerFileInfo("quadratic", 42, "{\"problem\":\"quadratic\"}", created));
        var loaded = OptimizerFile.Load(path);

        Assert.Equal(model.Architecture, loaded.Model.Architecture);
        Assert.Equal(model.Parameters, loaded.Model.Parameters);
        Assert.Equal(new OptimizerFileInfo("quadratic", 42, "{\"problem\":\"quadratic\"}", created), loaded.Info);
    }

    [Fact]
    public void ATruncatedFileIsRejectedNamingTheFile()
    {
        var path = Saved();
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<InvalidSettingException>(() => OptimizerFile.Load(path));

        Assert.Equal(path, error.Setting);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFlippedParameterByteIsCaughtByTheChecksum()
    {
        var path = Saved();
        var bytes = File.ReadAllBytes(path);
        var marker = MessagePackSerializer.Serialize(Model().Parameters.Take(1).SelectMany(BitConverter.GetBytes).ToArray());
        var offset = bytes.AsSpan().IndexOf(marker.AsSpan(marker.Length - 4));
        bytes[offset] ^= 0x40;
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InvalidSettingException>(() => OptimizerFile.Load(path));

        Assert.Contains("checksum", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileOfAnotherFormatIsRejected()
    {
        var json = _folder.File("spec.json");
        File.WriteAllText(json, "{\"problem\": \"quadratic\"}");
        var foreign = _folder.File("other.msgpack");
        File.WriteAllBytes(foreign, MessagePackSerializer.Serialize(new object[] { "someone/else", 1, new[] { 20 } }));

        Assert.Contains("not a readable optimizer file", Assert.Throws<InvalidSettingException>(() => OptimizerFile.Load(json)).Message, StringComparison.Ordinal);
        Assert.Contains("not an L2LCluster optimizer file", Assert.Throws<InvalidSettingException>(() => OptimizerFile.Load(foreign)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ANewerSchemaAsksForAnUpgrade()
    {
        var path = Saved();
        var envelope = MessagePackSerializer.Deserialize<OptimizerFileEnvelope>(File.ReadAllBytes(path));
        envelope.SchemaVersion = OptimizerFile.SchemaVersion + 1;
        File.WriteAllBytes(path, MessagePackSerializer.Serialize(envelope));

        var error = Assert.Throws<InvalidSettingException>(() => OptimizerFile.Load(path));

        Assert.Contains("Upgrade", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyOrMissingFileIsRejectedNamingTheFile()
    {
        var empty = _folder.File("empty.l2lopt");
        File.WriteAllBytes(empty, []);
        var missing = _folder.File("missing.l2lopt");

        Assert.Contains("empty", Assert.Throws<InvalidSettingException>(() => OptimizerFile.Load(empty)).Message, StringComparison.Ordinal);
        Assert.Equal(missing, Assert.Throws<InvalidSettingException>(() => OptimizerFile.Load(missing)).Setting);
    }

    [Fact]
    public void SavingOverAnExistingFileReplacesItWhole()
    {
        var path = Saved();
        var other = new LearnedOptimizerModel(Model().Architecture, new float[Model().Parameters.Length]);

        OptimizerFile.Save(path, other, new OptimizerFileInfo("simple", 1, "", DateTimeOffset.UnixEpoch));

        Assert.Equal(other.Parameters, OptimizerFile.Load(path).Model.Parameters);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    public void Dispose() => _folder.Dispose();

    private static LearnedOptimizerModel Model()
    {
        var architecture = new OptimizerArchitecture([3], GradientPreprocessing.LogAndSign(5), 0.01);
        return new LearnedOptimizerModel(architecture, new CoordinatewiseLstm(architecture).InitialParameters(9, ParameterInitialization.Uniform));
    }

    private string Saved()
    {
        var path = _folder.File($"{Guid.NewGuid():N}.l2lopt");
        OptimizerFile.Save(path, Model(), new OptimizerFileInfo("quadratic", 1, "", DateTimeOffset.UnixEpoch));
        return path;
    }
}
