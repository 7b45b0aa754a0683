namespace RasaPlatform.Benchmarks.Generation;

/// <summary>An input channel (<c>input_channel</c>) and its share of conversations.</summary>
public sealed record ChannelDefinition(string Name, double Weight, SenderIdStyle SenderIds);
