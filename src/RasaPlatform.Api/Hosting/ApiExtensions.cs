using NSwag.AspNetCore;
using RasaPlatform.Api.Access;
using RasaPlatform.Api.Admin;
using RasaPlatform.Api.Analytics;
using RasaPlatform.Api.Conversations;
using RasaPlatform.Api.Dashboard;
using RasaPlatform.Api.Corrections;
using RasaPlatform.Api.Deletion;
using RasaPlatform.Api.Dumps;
using RasaPlatform.Api.Flags;
using RasaPlatform.Api.Generated;
using RasaPlatform.Api.Http;
using RasaPlatform.Api.JobsDashboard;
using RasaPlatform.Api.Listing;
using RasaPlatform.Api.RawConversations;
using RasaPlatform.Api.Studio;
using RasaPlatform.Api.Service;
using RasaPlatform.Api.Tags;
using RasaPlatform.Core;
using RasaPlatform.Core.Corrections;
using RasaPlatform.Core.Storage;
using RasaPlatform.Feeds;
using RasaPlatform.Jobs;
using RasaPlatform.Storage;

namespace RasaPlatform.Api.Hosting;

/// <summary>The service's composition: one call to register, one to map.</summary>
public static class ApiExtensions
{
    /// <summary>Registers Core, the configured store, the background jobs, the feeds from a running Rasa and the HTTP API.</summary>
    public static WebApplicationBuilder AddRasaApi(this WebApplicationBuilder builder)
    {
        builder.Configuration.AddShippedDefaults();
        builder.Services.Configure<IngestionOptions>(builder.Configuration.GetSection(IngestionOptions.Section));

        // The limit is enforced by RequestBodyLimitMiddleware so that it holds on every server and answers problem+json.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = null);
        builder.Services.AddRasaCore(builder.Configuration);
        builder.Services.AddRasaStorage(builder.Configuration);
        builder.Services.AddRasaJobs(builder.Configuration);
        builder.Services.AddRasaFeeds(builder.Configuration);
        builder.Services.AddRasaAccess();
        builder.Services.AddHostedService<ListingIndexService>();
        builder.Services.AddControllers(mvc =>
        {
            // Who may call what is the contract's to say (x-rasaplatform-roles); the filter order matters: the
            // assistant check judges the sender id as the raw-target filter reads it.
            mvc.Conventions.Add(new OperationAccessConvention(OpenApiDocument.Access));
            mvc.Filters.Add<RawSenderIdFilter>(order: 0);
            mvc.Filters.Add<AssistantAccessFilter>(order: 1);
            mvc.Filters.Add<Utf8JsonBodyFilter>();
            mvc.Filters.Add<ProblemJsonWriter.ResultFilter>();
            mvc.ModelBinderProviders.Insert(0, new StrictDoubleModelBinder.Provider());
            mvc.InputFormatters.Insert(0, new Markers.MarkerBodyFormatter());

            // Validation errors name a body's fields as they are on the wire (conversation_ids), not as C# names them.
            mvc.ModelMetadataDetailsProviders.Add(new Microsoft.AspNetCore.Mvc.ModelBinding.Metadata.SystemTextJsonValidationMetadataProvider());
        }).AddJsonOptions(json => json.JsonSerializerOptions.TypeInfoResolver =
            new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver { Modifiers = { Analytics.OptionalAnalyticsFields.Modify } });
        builder.Services.AddProblemDetails();

        // First of the problem writers, so that every problem is problem+json whatever the request's Accept says.
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IProblemDetailsWriter, ProblemJsonWriter>());
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddScoped<IConversationsController, ConversationsApi>();
        builder.Services.AddScoped<IFlagsController, FlagsApi>();
        builder.Services.AddScoped<IReviewsController, Reviews.ReviewsApi>();
        builder.Services.AddScoped<ICorrectionsController, CorrectionsApi>();
        builder.Services.AddScoped<CorrectionExport>();
        builder.Services.AddScoped<INluController, NluApi>();
        builder.Services.AddScoped<IDeletionController, DeletionApi>();
        builder.Services.AddScoped<IDumpsController, DumpsApi>();
        builder.Services.AddScoped<IServiceController, ServiceApi>();
        builder.Services.AddScoped<IAdminController, AdminApi>();
        builder.Services.AddScoped<IListingController, ListingApi>();
        builder.Services.AddScoped<IStatisticsController, StatisticsApi>();
        builder.Services.AddScoped<IAnalyticsController, AnalyticsApi>();
        builder.Services.AddScoped<Tags.TagLinks>();
        builder.Services.AddScoped<ITagsController, TagsApi>();
        builder.Services.AddScoped<IRawConversationsController, RawConversationsApi>();
        builder.Services.AddScoped<IMarkersController, Markers.MarkersApi>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddStudioGraphQL();
        builder.AddRasaMetrics();
        return builder;
    }

    /// <summary>
    /// Migrates the store (warning when it holds no active token), then maps the API behind token authentication,
    /// and its contract and the Swagger UI without.
    /// </summary>
    public static async Task<WebApplication> UseRasaApiAsync(this WebApplication app)
    {
        await app.Services.GetRequiredService<IStoreMigrator>().MigrateAsync(app.Lifetime.ApplicationStopping).ConfigureAwait(false);
        await FirstTokenHint.WarnIfNoTokenAsync(app).ConfigureAwait(false);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapGet("/api/openapi.yaml", () => Results.Text(OpenApiDocument.Yaml, "application/yaml")).ExcludeFromDescription().AllowAnonymous();

        // The analysts' page at the root, before authentication: it is static and asks the API with the token the
        // analyst signs in with.
        app.MapDashboard();
        app.UseSwaggerUi(ui =>
        {
            ui.Path = "/docs";
            ui.DocumentTitle = "RasaPlatform API";

            // A named route rather than DocumentPath: the index page then names the contract itself, so /docs/index.html
            // shows it without the ?url= that only the redirect from /docs adds.
            ui.SwaggerRoutes.Add(new SwaggerUiRoute("RasaPlatform", "/api/openapi.yaml"));

            // Swagger UI's own option (NSwag has no ShowExtensions()): each operation shows its x-rasaplatform-roles.
            ui.AdditionalSettings["showExtensions"] = true;
        });

        // After the Swagger UI, which serves its files itself; before the body limit, so that a request without a
        // valid token is refused before anything reads its body.
        app.UseAuthentication();
        app.UseJobsDashboard();
        app.UseAuthorization();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.MapControllers();
        app.MapRasaMetrics();
        return app;
    }
}
