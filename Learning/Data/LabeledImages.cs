using TorchSharp;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Data;

/// <summary>
/// One split of an image classification data set: greyscale images of <see cref="Rows"/> × <see cref="Columns"/>
/// bytes and their class labels. The bytes stay in managed memory (a quarter of the floats' size); models read the
/// [0, 1]-scaled float copy on their device from <see cref="OnDevice"/>.
/// </summary>
public sealed class LabeledImages
{
    private readonly byte[] _pixels;
    private readonly byte[] _labels;
    private readonly OnceCache<DeviceImages> _onDevice;

    internal LabeledImages(byte[] pixels, byte[] labels, int rows, int columns)
    {
        _pixels = pixels;
        _labels = labels;
        Rows = rows;
        Columns = columns;
        _onDevice = new OnceCache<DeviceImages>(Upload);
    }

    public int Count => _labels.Length;

    public int Rows { get; }

    public int Columns { get; }

    public int PixelsPerImage => Rows * Columns;

    /// <summary>The raw pixel bytes, [count, rows, columns] in row-major order, 0 black to 255 white.</summary>
    public ReadOnlyMemory<byte> Pixels => _pixels;

    /// <summary>The class of every image, each below <see cref="MnistDataset.ClassCount"/>.</summary>
    public ReadOnlyMemory<byte> Labels => _labels;

    /// <summary>
    /// The split on <paramref name="device"/>, uploaded once per process and device and shared by every caller:
    /// read it (index_select, …), never change or dispose it.
    /// </summary>
    public DeviceImages OnDevice(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return _onDevice.Get(device.ToString());
    }

    private DeviceImages Upload(string device)
    {
        using var scope = NewDisposeScope();
        var target = torch.device(device);

        // Bytes travel to the device and become floats there, a quarter of the transfer of converting first.
        var images = tensor(_pixels, [Count, PixelsPerImage]).to(target).to_type(ScalarType.Float32).div_(255.0f);
        var labels = tensor(_labels, [Count]).to(target).to_type(ScalarType.Int64);

        // Detached so that no caller's dispose scope frees tensors that the whole process shares.
        return new DeviceImages(images.DetachFromDisposeScope(), labels.DetachFromDisposeScope());
    }
}
