using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RasaPlatform.Api.Generated;
using RasaPlatform.Core.Assistants;
using RasaPlatform.Core.Listing;
using RasaPlatform.Core.Listing.Filters;
using RasaPlatform.Core.Storage;
using RasaPlatform.Hostile;

namespace RasaPlatform.Api.Tests;

/// <summary>The contract's listing parameters and the registry of listing filters name the same filters.</summary>
public sealed class ListingFiltersContractTests
{
    /// <summary>The listing's parameters that page, sort or choose the representation rather than filter.</summary>
    private static readonly string[] PagingAndSorting = ["sort_by_confidence", "sort_by_latest_event_time", "limit", "offset", "format", "all"];

    [Fact]
    public void EveryFilterParameterOfTheContract_IsAFilterOfTheRegistry_InTheContractsOrder()
    {
        using var spec = typeof(Program).Assembly.GetManifestResourceStream("openapi.yaml")!;
        using var reader = new StreamReader(spec);
        var listing = SpecContract.Parse(reader.ReadToEnd()).Single(o => o.Id == "Listing_ListConversations");

        Assert.Equal(
            listing.Parameters.Select(p => p.Name).Except(PagingAndSorting),
            ListingFilters.All.SelectMany(f => f.Parameters));
        Assert.All(listing.Parameters, p => Assert.Equal("query", p.Location));
    }

    /// <summary>A valid value of each filter parameter; a new filter's parameters must be added here.</summary>
    private static readonly Dictionary<string, string> Samples = new(StringComparer.Ordinal)
    {
        ["intent"] = "greet",
        ["entity"] = "name",
        ["action"] = "utter_greet",
        ["text"] = "hello",
        ["start"] = "0",
        ["until"] = "10",
        ["policies"] = "MemoizationPolicy",
        ["maximumConfidence"] = "0.5",
        ["minimumConfidence"] = "0.1",
        ["minimumNluConfidence"] = "0.1",
        ["maximumNluConfidence"] = "0.5",
        ["input_channels"] = "rest",
        ["minimumUserMessages"] = "1",
        ["in_training_data"] = "true",
        ["is_flagged"] = "true",
        ["assistant"] = "default",
        ["tags"] = "checked",
        ["tags_any"] = "1",
        ["review_status"] = "reviewed",
        ["has_corrections"] = "true",
        ["in_progress"] = "false",
        ["slots"] = "city:berlin",
        ["marker"] = "task_success",
        ["marker_not"] = "task_success",
    };

    [Fact]
    public async Task EachParameter_ReachesTheListingAsItsFilter_AndOnlyIt()
    {
        var captured = new List<ConversationFilter>();
        using var factory = new SqliteApiFactory
        {
            TestServices = services =>
            {
                var registered = services.Last(d => d.ServiceType == typeof(IConversationListing) && !d.IsKeyedService);
                services.Remove(registered);
                services.AddSingleton<IConversationListing>(provider => new Capturing((IConversationListing)registered.ImplementationFactory!(provider), captured));
            },
        };
        var client = factory.CreateClient();

        foreach (var filter in ListingFilters.All)
        {
            foreach (var parameter in filter.Parameters)
            {
                Assert.True(Samples.TryGetValue(parameter, out var value), $"no sample value for '{parameter}' in this test");
                captured.Clear();
                using var response = await client.GetAsync(new Uri($"/api/conversations?{parameter}={Uri.EscapeDataString(value)}", UriKind.Relative));

                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal([filter], ListingFilters.SetIn(Assert.Single(captured)));
            }
        }
    }

    /// <summary>The listing, keeping each query's filter.</summary>
    private sealed class Capturing(IConversationListing inner, List<ConversationFilter> filters) : IConversationListing
    {
        public Task<ConversationPage> ListAsync(ConversationListQuery query, CancellationToken cancellationToken)
        {
            filters.Add(query.Filter);
            return inner.ListAsync(query, cancellationToken);
        }

        public Task<IReadOnlyList<string>> DistinctNamesAsync(NameCategory category, IReadOnlySet<string>? assistants, CancellationToken cancellationToken) =>
            inner.DistinctNamesAsync(category, assistants, cancellationToken);

        public Task<IReadOnlyList<AssistantConversations>> AssistantsAsync(IReadOnlySet<string>? assistants, CancellationToken cancellationToken) =>
            inner.AssistantsAsync(assistants, cancellationToken);
    }

    [Fact]
    public void TheGeneratedController_TakesEveryParameterOfTheRegistry()
    {
        var method = typeof(IListingController).GetMethod(nameof(IListingController.ListConversationsAsync))!;
        var names = method.GetParameters().Select(p => p.Name!).ToList();

        Assert.All(ListingFilters.All.SelectMany(f => f.Parameters), parameter => Assert.Contains(parameter, names));
    }
}
