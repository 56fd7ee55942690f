using YamlDotNet.RepresentationModel;

namespace L2LCluster.Deploy.Tests.Kustomize;

/// <summary>
/// Kubernetes' strategic merge patch for the fields these overlays patch: maps merge key by key, a null deletes,
/// lists whose items all carry a name (containers, env, volumes, volumeMounts) merge item by item on it, and every
/// other list (tolerations, args) is replaced, as the API's merge keys say. Patch directives ($patch, $setElementOrder)
/// are refused rather than misread.
/// </summary>
internal static class StrategicMerge
{
    private const string MergeKey = "name";

    public static void Apply(YamlMappingNode target, YamlMappingNode patch)
    {
        foreach (var (keyNode, value) in patch.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value!;
            if (key.StartsWith('$'))
            {
                throw new NotSupportedException($"patch directive '{key}' is not supported by this renderer");
            }

            var existing = target.Child(key);
            switch (existing, value)
            {
                case (_, YamlScalarNode { Value: null or "null" or "~", Style: YamlDotNet.Core.ScalarStyle.Plain }):
                    target.Children.Remove(keyNode);
                    break;
                case (YamlMappingNode existingMap, YamlMappingNode patchMap):
                    Apply(existingMap, patchMap);
                    break;
                case (YamlSequenceNode existingList, YamlSequenceNode patchList) when AllNamed(existingList) && AllNamed(patchList):
                    MergeByName(existingList, patchList);
                    break;
                default:
                    target.Children[keyNode] = value;
                    break;
            }
        }
    }

    private static bool AllNamed(YamlSequenceNode list) =>
        list.Children.All(item => item is YamlMappingNode mapping && mapping.Text(MergeKey) is not null);

    /// <summary>Items the patch adds come first, in the patch's order, as kustomize writes them (it matters to $(VAR) references).</summary>
    private static void MergeByName(YamlSequenceNode target, YamlSequenceNode patch)
    {
        var added = 0;
        foreach (var item in patch.Children.Cast<YamlMappingNode>())
        {
            var name = item.Text(MergeKey);
            if (target.Children.Cast<YamlMappingNode>().FirstOrDefault(existing => existing.Text(MergeKey) == name) is { } match)
            {
                Apply(match, item);
            }
            else
            {
                target.Children.Insert(added++, item);
            }
        }
    }
}
