using L2LCluster.Learning.Data;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;

namespace L2LCluster.Learning.Tests;

public sealed class IdxFileTests : IDisposable
{
    private const string Setting = SpecFields.DataDirectory;
    private static readonly byte[] Values = [0, 1, 2, 127, 128, 254, 255, 9, 8, 7, 6, 5];

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AHeaderThatDeclaresMoreImagesThanTheFileHoldsIsRefusedBeforeItCostsTheirMemory(bool gzip)
    {
        // 318,877 images of 28 × 28 declared (250 MB), 80 KB of them there: the file costs no more than its own bytes.
        var header = IdxWriter.Encode([318_877, 28, 28], new byte[80 * 1024])[..16];
        var path = _folder.File("bomb.idx");
        var bytes = (byte[])[.. header, .. new byte[80 * 1024]];
        File.WriteAllBytes(path, gzip ? IdxWriter.Gzip(bytes) : bytes);
        var allocated = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<InvalidSettingException>(() => IdxFile.Read(path, Setting));

        Assert.Contains("truncated", error.Reason, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocated < 16 << 20, "reading the file allocated more than 16 MiB");
    }

    [Fact]
    public void ReadsRawAndGzipFilesIdentically()
    {
        var bytes = IdxWriter.Encode([2, 3, 2], Values);
        File.WriteAllBytes(_folder.File("raw"), bytes);
        File.WriteAllBytes(_folder.File("compressed.gz"), IdxWriter.Gzip(bytes));

        var raw = IdxFile.Read(_folder.File("raw"), Setting);
        var compressed = IdxFile.Read(_folder.File("compressed.gz"), Setting);

        Assert.Equal([2, 3, 2], raw.Dimensions);
        Assert.Equal(Values, raw.Values);
        Assert.Equal(raw.Dimensions, compressed.Dimensions);
        Assert.Equal(raw.Values, compressed.Values);
    }

    [Fact]
    public void DetectsCompressionByContentNotByName()
    {
        var bytes = IdxWriter.Encode([12], Values);
        File.WriteAllBytes(_folder.File("compressed-without-suffix"), IdxWriter.Gzip(bytes));
        File.WriteAllBytes(_folder.File("raw-with-suffix.gz"), bytes);

        Assert.Equal(Values, IdxFile.Read(_folder.File("compressed-without-suffix"), Setting).Values);
        Assert.Equal(Values, IdxFile.Read(_folder.File("raw-with-suffix.gz"), Setting).Values);
    }

    [Fact]
    public void RejectsBadMagic()
    {
        var bytes = IdxWriter.Encode([12], Values);
        bytes[1] = 0x03;

        var error = ReadError("bad-magic", bytes);

        Assert.Contains("two zero bytes", error.Message);
    }

    [Fact]
    public void RejectsUnsupportedTypeCode()
    {
        var error = ReadError("floats", IdxWriter.Encode([3], Values, typeCode: 0x0D));

        Assert.Contains("type code 0x0D", error.Message);
    }

    [Fact]
    public void RejectsZeroDimensionCount()
    {
        var error = ReadError("no-dimensions", IdxWriter.Encode([], []));

        Assert.Contains("0 dimensions", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-4)]
    public void RejectsNonPositiveDimensionSizes(int size)
    {
        var error = ReadError("bad-size", IdxWriter.Encode([3, size], []));

        Assert.Contains($"size {size} for dimension 1", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RejectsTruncatedData(bool compress)
    {
        var bytes = IdxWriter.Encode([13], Values);

        var error = ReadError("truncated", compress ? IdxWriter.Gzip(bytes) : bytes);

        Assert.Contains("truncated", error.Message);
        Assert.Contains("1 bytes short", error.Message);
    }

    [Fact]
    public void RejectsTruncatedHeader()
    {
        var error = ReadError("short-header", IdxWriter.Encode([12, 1], Values)[..9]);

        Assert.Contains("truncated", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RejectsTrailingBytes(bool compress)
    {
        var bytes = IdxWriter.Encode([10], Values);

        var error = ReadError("trailing", compress ? IdxWriter.Gzip(bytes) : bytes);

        Assert.Contains("2 bytes after the 10 values", error.Message);
    }

    [Fact]
    public void RejectsCorruptGzip()
    {
        var compressed = IdxWriter.Gzip(IdxWriter.Encode([12], Values));
        compressed.AsSpan(10).Fill(0xFF);

        var error = ReadError("corrupt.gz", compressed);

        Assert.Contains("corrupt", error.Message);
    }

    [Fact]
    public void RejectsMissingFile()
    {
        var path = _folder.File("absent");

        var error = Assert.Throws<InvalidSettingException>(() => IdxFile.Read(path, Setting));

        Assert.Equal(Setting, error.Setting);
        Assert.Contains(path, error.Message);
        Assert.Contains("does not exist", error.Message);
    }

    private InvalidSettingException ReadError(string name, byte[] contents)
    {
        var path = _folder.File(name);
        File.WriteAllBytes(path, contents);
        var error = Assert.Throws<InvalidSettingException>(() => IdxFile.Read(path, Setting));
        Assert.Equal(Setting, error.Setting);
        Assert.Contains(path, error.Message);
        return error;
    }
}
