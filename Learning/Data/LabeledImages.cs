using TorchSharp;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Data;

/// <summary>
/// One split of an image classification data set: images of <see cref="Channels"/> × <see cref="Rows"/> ×
/// <see cref="Columns"/> bytes (channel-major, as MNIST's one channel and CIFAR-10's three store them) and their class labels. The bytes stay in managed memory (a quarter of the floats' size); models read the
/// [0, 1]-scaled float copy on their device from <see cref="OnDevice"/>.
/// </summary>
public sealed class LabeledImages
{
    private readonly byte[] _pixels;
    private readonly byte[] _labels;
    private readonly OnceCache<DeviceImages> _onDevice;

    internal LabeledImages(byte[] pixels, byte[] labels, int rows, int columns, int channels = 1)
    {
        _pixels = pixels;
        _labels = labels;
        Rows = rows;
        Columns = columns;
        Channels = channels;
        _onDevice = new OnceCache<DeviceImages>(Upload);
    }

    public int Count => _labels.Length;

    public int Rows { get; }

    public int Columns { get; }

    public int Channels { get; }

    /// <summary>Bytes per image: channels × rows × columns.</summary>
    public int PixelsPerImage => Channels * Rows * Columns;

    /// <summary>The raw pixel bytes, [count, channels, rows, columns] in row-major order, 0 dark to 255 bright.</summary>
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
