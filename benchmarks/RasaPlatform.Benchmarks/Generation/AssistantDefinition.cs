namespace RasaPlatform.Benchmarks.Generation;

/// <summary>A deployed assistant (<c>metadata.assistant_id</c>) and its share of the traffic.</summary>
/// <param name="Id">The assistant id.</param>
/// <param name="Weight">Relative share of conversations.</param>
/// <param name="RankingLength">Entries in <c>intent_ranking</c> (the NLU's <c>ranking_length</c>).</param>
public sealed record AssistantDefinition(string Id, double Weight, int RankingLength);
