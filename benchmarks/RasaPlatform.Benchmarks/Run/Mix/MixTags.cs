using System.Net.Http.Json;
using System.Text.Json;

namespace RasaPlatform.Benchmarks.Run.Mix;

/// <summary>The tags of each assistant that writers put on and take off conversations, and that readers filter on.</summary>
internal sealed class MixTags
{
    /// <summary>Tags each assistant has before the mix starts.</summary>
    public const int PerAssistant = 4;

    private readonly Dictionary<string, List<long>> _ids;

    private MixTags(Dictionary<string, List<long>> ids) => _ids = ids;

    /// <summary>The names of the tags made before the mix; every assistant has one of each.</summary>
    public static IReadOnlyList<string> Names => [.. Enumerable.Range(0, PerAssistant).Select(Name)];

    /// <summary>Creates <see cref="PerAssistant"/> tags for each of <paramref name="assistants"/> through the service.</summary>
    public static async Task<MixTags> CreateAsync(HttpClient client, IEnumerable<string> assistants, CancellationToken cancellationToken)
    {
        var ids = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        foreach (var assistant in assistants)
        {
            ids[assistant] = [];
            for (var i = 0; i < PerAssistant; i++)
            {
                ids[assistant].Add(await CreateAsync(client, assistant, Name(i), cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"Could not create tag {Name(i)} of {assistant}."));
            }
        }

        return new MixTags(ids);
    }

    /// <summary>Creates a tag; its id, or null when the service refused it.</summary>
    public static async Task<long?> CreateAsync(HttpClient client, string assistant, string name, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsJsonAsync("conversationTags", new { assistantName = assistant, name }, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        using var tag = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        return tag.RootElement.GetProperty("id").GetInt64();
    }

    /// <summary>A tag of <paramref name="assistant"/>, picked with <paramref name="random"/>.</summary>
    public long Pick(string assistant, Random random)
    {
        var ids = _ids[assistant];
        lock (ids)
        {
            return ids[random.Next(ids.Count)];
        }
    }

    private static string Name(int i) => $"mix-{i}";
}
