using RasaPlatform.Api.Generated;
using RasaPlatform.Core.Listing.Filters;
using RasaPlatform.Hostile;

namespace RasaPlatform.Api.Tests;

/// <summary>The contract's listing parameters and the registry of listing filters name the same filters.</summary>
public sealed class ListingFiltersContractTests
{
    /// <summary>The listing's parameters that page and sort rather than filter.</summary>
    private static readonly string[] PagingAndSorting = ["sort_by_confidence", "sort_by_latest_event_time", "limit", "offset"];

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

    [Fact]
    public void TheGeneratedController_TakesEveryParameterOfTheRegistry()
    {
        var method = typeof(IListingController).GetMethod(nameof(IListingController.ListConversationsAsync))!;
        var names = method.GetParameters().Select(p => p.Name!).ToList();

        Assert.All(ListingFilters.All.SelectMany(f => f.Parameters), parameter => Assert.Contains(parameter, names));
    }
}
