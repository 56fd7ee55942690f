namespace L2LCluster.Benchmarks;

/// <summary>One message through Orleans' serializer: its encoded size and the time to encode and decode it.</summary>
/// <param name="Bytes">The serializer's output for the message alone, without Orleans' message header.</param>
internal sealed record MessageCost(string Message, int Bytes, Spread SerializeMicroseconds, Spread DeserializeMicroseconds);
