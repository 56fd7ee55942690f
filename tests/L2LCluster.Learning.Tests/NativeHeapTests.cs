namespace L2LCluster.Learning.Tests;

public sealed class NativeHeapTests
{
    [Fact]
    public void GlibcTakesTheSettingsThatKeepFreedTensorMemoryInTheHeap()
    {
        Assert.Equal(OperatingSystem.IsLinux(), NativeHeap.KeepFreedMemory());
    }
}
