using GraphQL;
using GraphQL.Types;

namespace RasaPlatform.Api.Studio;

/// <summary>Rasa Studio's Conversation API as a GraphQL schema, built from <c>spec/studio.graphql</c> itself.</summary>
/// <remarks>
/// The SDL is the contract, as <c>spec/openapi.yaml</c> is for the REST routes: it is embedded in the assembly and
/// every type, field, argument and default comes from it; <see cref="StudioQuery"/> and <see cref="StudioMutation"/>
/// only resolve its root fields.
/// </remarks>
internal static class StudioSchema
{
    /// <summary>The schema's SDL as committed in <c>spec/studio.graphql</c>.</summary>
    public static string Sdl { get; } = ReadSdl();

    /// <summary>The schema; resolvers are taken from each request's services.</summary>
    public static ISchema Create(IServiceProvider services)
    {
        var schema = Schema.For(Sdl, builder =>
        {
            builder.ServiceProvider = services;
            builder.Types.Include<StudioQuery>("Query");
            builder.Types.Include<StudioMutation>("Mutation");
        });
        schema.RegisterType(new JsonScalar());

        // Current GraphiQL and graphql-js ask introspection for deprecated arguments and input fields too.
        schema.Features.DeprecationOfInputValues = true;

        // Introspection is on, for GraphiQL-style tools, and costs nothing against the complexity bound.
        schema.WithIntrospectionComplexityImpact(0);
        schema.Initialize();
        return schema;
    }

    private static string ReadSdl()
    {
        using var stream = typeof(StudioSchema).Assembly.GetManifestResourceStream("studio.graphql")
            ?? throw new InvalidOperationException("The assembly lacks its embedded studio.graphql.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
