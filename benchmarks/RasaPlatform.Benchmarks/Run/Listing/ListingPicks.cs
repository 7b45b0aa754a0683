namespace RasaPlatform.Benchmarks.Run.Listing;

/// <summary>The filter values picked from the data; null where the data could not supply one.</summary>
/// <remarks>
/// <c>Window</c> is whole Unix seconds bounding the latest user event time; <c>AnyInTrainingData</c> says whether some
/// conversation is in training data, so that filter has matches; <c>Assistant</c> is one the conversations belong to.
/// </remarks>
internal sealed record ListingPicks(
    string? CommonIntent,
    string? RareIntent,
    string? Entity,
    string? Action,
    string? Policy,
    string? InputChannel,
    string? ShortText,
    string? LongText,
    (long Start, long Until)? Window,
    int? MinimumUserMessages,
    double? MaximumConfidence,
    double? MinimumConfidence,
    double? MaximumNluConfidence,
    double? MinimumNluConfidence,
    bool AnyInTrainingData,
    string? Assistant);
