using System.Buffers.Binary;
using System.IO.Compression;
using L2LCluster.Learning.Data;

namespace L2LCluster.Testing;

/// <summary>Writes small IDX files (raw or gzip) and MNIST-shaped folders of them for the loader tests.</summary>
public static class IdxWriter
{
    public static byte[] Encode(int[] dimensions, byte[] values, byte typeCode = IdxFile.UnsignedByteType)
    {
        var bytes = new byte[4 + 4 * dimensions.Length + values.Length];
        bytes[2] = typeCode;
        bytes[3] = (byte)dimensions.Length;
        for (var i = 0; i < dimensions.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), dimensions[i]);
        }

        values.CopyTo(bytes, 4 + 4 * dimensions.Length);
        return bytes;
    }

    public static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    /// <summary>
    /// Writes the four MNIST files with random pixels and labels 0–9 into <paramref name="folder"/>, train files
    /// gzip-compressed with a .gz suffix and test files raw, as users may mix them.
    /// </summary>
    public static void WriteDataset(string folder, int trainCount, int testCount, int rows = 28, int columns = 28, int seed = 1)
    {
        var random = new Random(seed);
        WriteSplit(folder, MnistDataset.TrainImagesFile, MnistDataset.TrainLabelsFile, trainCount, rows, columns, random, compress: true);
        WriteSplit(folder, MnistDataset.TestImagesFile, MnistDataset.TestLabelsFile, testCount, rows, columns, random, compress: false);
    }

    private static void WriteSplit(string folder, string imagesName, string labelsName, int count, int rows, int columns, Random random, bool compress)
    {
        var pixels = new byte[count * rows * columns];
        random.NextBytes(pixels);
        var labels = new byte[count];
        for (var i = 0; i < count; i++)
        {
            labels[i] = (byte)random.Next(MnistDataset.ClassCount);
        }

        var images = Encode([count, rows, columns], pixels);
        var labelFile = Encode([count], labels);
        var suffix = compress ? ".gz" : "";
        File.WriteAllBytes(Path.Combine(folder, imagesName + suffix), compress ? Gzip(images) : images);
        File.WriteAllBytes(Path.Combine(folder, labelsName + suffix), compress ? Gzip(labelFile) : labelFile);
    }
}
