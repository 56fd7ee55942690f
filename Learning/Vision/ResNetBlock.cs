namespace L2LCluster.Learning.Vision;

/// <summary>The activations of ResNet-18 a caller can ask for, from the first convolution to the graph's output.</summary>
public enum ResNetBlock
{
    /// <summary>After the 7 × 7 convolution, batch norm and ReLU: 64 channels at half the input's side.</summary>
    Conv1,

    /// <summary>After the first stage of two residual blocks: 64 channels at a quarter of the side.</summary>
    Layer1,

    /// <summary>128 channels at an eighth of the side.</summary>
    Layer2,

    /// <summary>256 channels at a sixteenth of the side.</summary>
    Layer3,

    /// <summary>512 channels at a thirty-second of the side.</summary>
    Layer4,

    /// <summary>The graph's own output: Layer4 averaged over 7 × 7 windows (at 224 × 224, the 512 image features).</summary>
    Output,
}
