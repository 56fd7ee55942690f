using YamlDotNet.RepresentationModel;

namespace L2LCluster.Deploy.Tests;

/// <summary>Multi-document YAML files as node trees, for the checks that read manifests as written rather than rendered.</summary>
internal static class YamlDocuments
{
    public static IReadOnlyList<YamlMappingNode> Load(string file)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(file))
        {
            stream.Load(reader);
        }

        return [.. stream.Documents.Select(document => document.RootNode).OfType<YamlMappingNode>()];
    }

    public static YamlNode? Child(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    public static string? Text(this YamlMappingNode node, string key) => (node.Child(key) as YamlScalarNode)?.Value;

    public static IEnumerable<YamlNode> Items(this YamlMappingNode node, string key) =>
        node.Child(key) is YamlSequenceNode sequence ? sequence.Children : [];

    /// <summary>Every mapping in the tree, the root included.</summary>
    public static IEnumerable<YamlMappingNode> Mappings(this YamlNode node) => node switch
    {
        YamlMappingNode mapping => mapping.Children.Values.SelectMany(Mappings).Prepend(mapping),
        YamlSequenceNode sequence => sequence.Children.SelectMany(Mappings),
        _ => [],
    };
}
