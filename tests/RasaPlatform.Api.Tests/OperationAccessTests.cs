using RasaPlatform.Api.Access;
using RasaPlatform.Api.Service;
using RasaPlatform.Core.Access;

namespace RasaPlatform.Api.Tests;

/// <summary>The access the contract declares, which the service enforces as it reads it.</summary>
public class OperationAccessTests
{
    [Fact]
    public void Contract_EveryOperationIsInTheTestsListOrAHealthCheck()
    {
        var declared = OpenApiDocument.Access;

        Assert.Equal(
            Operations.Protected.Select(o => o.Id).Order(StringComparer.Ordinal),
            declared.Where(a => !a.Value.IsAnonymous).Select(a => a.Key).Order(StringComparer.Ordinal));
        Assert.Equal(
            ["Service_GetLiveness", "Service_GetReadiness"],
            declared.Where(a => a.Value.IsAnonymous).Select(a => a.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Contract_ManageCallsEverythingAndViewEveryRead()
    {
        foreach (var (id, method, _, _) in Operations.Protected)
        {
            var roles = OpenApiDocument.Access[id].Roles!;
            Assert.Contains(ApiRole.Manage, roles);
            Assert.Equal(Operations.ViewMayCall(id, method), roles.Contains(ApiRole.View));
        }
    }

    [Fact]
    public void Contract_OnlyMaintenance_RefusesLimitedTokens()
    {
        Assert.Equal(
            ["Admin_GetFeedRejects", "Admin_GetFeeds", "Admin_GetMetadataStatus", "Admin_RebuildMetadata"],
            OpenApiDocument.Access.Where(a => a.Value.LimitedTokens == LimitedTokens.Refused).Select(a => a.Key).Order(StringComparer.Ordinal));
    }
}
