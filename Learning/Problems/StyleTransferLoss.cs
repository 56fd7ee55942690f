using static TorchSharp.torch;

namespace L2LCluster.Learning.Problems;

/// <summary>
/// Gatys et al.'s losses on a network's activations, per image of a batch. The Gram matrix is averaged over positions
/// (G = F Fᵀ / (H·W)), so a texture has the same Gram matrix at 64 × 64 and at 128 × 128 and one style weight serves
/// both sizes; it forgets where a feature is, only which features occur together.
/// </summary>
public static class StyleTransferLoss
{
    /// <summary>[N, C, H, W] activations to their Gram matrices [N, C, C].</summary>
    public static Tensor Gram(Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.ndim != 4)
        {
            throw new ArgumentException($"Activations must be [N, C, H, W]; got [{string.Join(", ", features.shape)}].", nameof(features));
        }

        var flat = features.flatten(2);
        return matmul(flat, flat.transpose(1, 2)).div(features.shape[2] * features.shape[3]);
    }

    /// <summary>The mean squared difference of activations [N, C, H, W] from their targets (same shape), per image: [N].</summary>
    public static Tensor Content(Tensor features, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(target);
        return features.sub(target).square().flatten(1).mean([1]);
    }

    /// <summary>Σ over blocks of the mean squared difference of each image's Gram matrix from the style's ([1, C, C] each): [N].</summary>
    public static Tensor Style(IReadOnlyList<Tensor> features, IReadOnlyList<Tensor> styleGrams)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(styleGrams);
        if (features.Count != styleGrams.Count || features.Count == 0)
        {
            throw new ArgumentException($"One style Gram matrix per block is needed: {features.Count} blocks, {styleGrams.Count} matrices.", nameof(styleGrams));
        }

        return features.Zip(styleGrams, (block, gram) => Gram(block).sub(gram).square().flatten(1).mean([1])).Aggregate((sum, next) => sum.add(next));
    }
}
