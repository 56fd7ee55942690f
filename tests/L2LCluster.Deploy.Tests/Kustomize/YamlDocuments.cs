using YamlDotNet.RepresentationModel;

namespace L2LCluster.Deploy.Tests.Kustomize;

/// <summary>Multi-document YAML files as node trees (scalar styles kept, so numbers stay numbers when written back).</summary>
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

    public static string Write(IEnumerable<YamlMappingNode> documents)
    {
        using var writer = new StringWriter();
        new YamlStream(documents.Select(document => new YamlDocument(document))).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    public static YamlNode? Child(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    public static string? Text(this YamlMappingNode node, string key) => (node.Child(key) as YamlScalarNode)?.Value;

    public static IEnumerable<YamlNode> Items(this YamlMappingNode node, string key) =>
        node.Child(key) is YamlSequenceNode sequence ? sequence.Children : [];

    public static YamlMappingNode Mapping(this YamlMappingNode node, string key)
    {
        if (node.Child(key) is YamlMappingNode child)
        {
            return child;
        }

        var created = new YamlMappingNode();
        node.Children[new YamlScalarNode(key)] = created;
        return created;
    }

    public static void Set(this YamlMappingNode node, string key, string value) => node.Children[new YamlScalarNode(key)] = new YamlScalarNode(value);

    /// <summary>Every mapping in the tree, the root included.</summary>
    public static IEnumerable<YamlMappingNode> Mappings(this YamlNode node) => node switch
    {
        YamlMappingNode mapping => mapping.Children.Values.SelectMany(Mappings).Prepend(mapping),
        YamlSequenceNode sequence => sequence.Children.SelectMany(Mappings),
        _ => [],
    };
}
