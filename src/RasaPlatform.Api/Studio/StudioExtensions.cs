using GraphQL;
using GraphQL.Execution;
using GraphQL.SystemTextJson;
using GraphQL.Types;
using RasaPlatform.Api.Generated;

namespace RasaPlatform.Api.Studio;

/// <summary>Registers Rasa Studio's Conversation API over GraphQL.</summary>
internal static class StudioExtensions
{
    public static IServiceCollection AddStudioGraphQL(this IServiceCollection services)
    {
        services.AddSingleton<IDocumentExecuter, DocumentExecuter>();
        services.AddSingleton<IGraphQLTextSerializer>(new GraphQLSerializer(new ErrorInfoProvider(o =>
        {
            o.ExposeCode = true;
            o.ExposeCodes = false;
            o.ExposeData = false;
        })));
        services.AddSingleton(StudioSchema.Create);
        services.AddScoped<StudioQuery>();
        services.AddScoped<StudioMutation>();
        services.AddScoped<IStudioGraphQLController, StudioGraphQLApi>();
        return services;
    }
}
