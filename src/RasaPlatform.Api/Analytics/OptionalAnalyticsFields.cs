using System.Text.Json.Serialization.Metadata;
using Contract = RasaPlatform.Api.Generated;

namespace RasaPlatform.Api.Analytics;

/// <summary>
/// Leaves the analytics and statistics fields that answer an optional parameter (<c>markers</c>, <c>compare</c>) out of the JSON when that parameter
/// was not given, instead of writing them as null: the answer without it stays what it was.
/// </summary>
internal static class OptionalAnalyticsFields
{
    private static readonly HashSet<string> Optional = ["marker_sessions", "markers", "previous"];

    /// <summary>A modifier for the serializer's type info resolver.</summary>
    public static void Modify(JsonTypeInfo type)
    {
        if (type.Type != typeof(Contract.AnalyticsResult) && type.Type != typeof(Contract.ConversationStatistics))
        {
            return;
        }

        foreach (var property in type.Properties.Where(p => Optional.Contains(p.Name)))
        {
            property.ShouldSerialize = (_, value) => value is not null;
        }
    }
}
