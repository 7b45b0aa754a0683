using System.Text.Json;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQL.Validation.Complexity;
using GraphQL.Validation.Rules.Custom;
using GraphQLParser.AST;
using Microsoft.AspNetCore.Mvc;
using RasaPlatform.Api.Generated;
using RasaPlatform.Api.Http;
using RasaPlatform.Core.Events;

namespace RasaPlatform.Api.Studio;

/// <summary>
/// <c>/api/graphql</c>: runs one operation of Rasa Studio's Conversation API (<see cref="StudioSchema"/>) and answers
/// the GraphQL response, errors included, with 200. Authentication and the roles that may call it are the route's,
/// as for every other route; the mutations check <c>manage</c> themselves.
/// </summary>
internal sealed class StudioGraphQLApi(
    ISchema schema,
    IDocumentExecuter executer,
    IGraphQLTextSerializer serializer,
    IHttpContextAccessor http) : IStudioGraphQLController
{
    /// <summary>
    /// Deeper documents are refused: Studio's own examples need 4 levels, GraphiQL's introspection query 13 (its
    /// <c>ofType</c> chain); the schema has no cycle of its own.
    /// </summary>
    public const int MaxDepth = 15;

    /// <summary>The complexity bound: a raw export page of conversations with their events and tags, and room to spare.</summary>
    public const int MaxComplexity = 2_000;

    private static readonly IValidationRule[] Rules =
    [
        .. DocumentValidator.CoreRules,
        new ComplexityValidationRule(new ComplexityOptions { MaxDepth = MaxDepth, MaxComplexity = MaxComplexity }),
    ];

    private static readonly IValidationRule[] QueryRules = [.. Rules, new QueriesOnly()];

    public Task<ActionResult<GraphQLResponse>> ExecuteAsync(GraphQLRequest body, CancellationToken cancellationToken)
    {
        var variables = body.Variables switch
        {
            null => null,
            JsonElement { ValueKind: JsonValueKind.Null } => null,
            JsonElement { ValueKind: JsonValueKind.Object } element => serializer.ReadNode<Inputs>(element),
            _ => throw new InvalidEventException("variables", "'variables' must be a JSON object."),
        };
        return RunAsync(body.Query, variables, body.OperationName, Rules, cancellationToken);
    }

    public Task<ActionResult<GraphQLResponse>> ExecuteQueryAsync(string query, string? variables, string? operationName, CancellationToken cancellationToken)
    {
        Inputs? inputs = null;
        if (!string.IsNullOrEmpty(variables))
        {
            try
            {
                inputs = serializer.Deserialize<Inputs>(variables);
            }
            catch (JsonException)
            {
                throw new InvalidEventException(nameof(variables), "'variables' must be a JSON object.");
            }
        }

        return RunAsync(query, inputs, operationName, QueryRules, cancellationToken);
    }

    private async Task<ActionResult<GraphQLResponse>> RunAsync(
        string query,
        Inputs? variables,
        string? operationName,
        IEnumerable<IValidationRule> rules,
        CancellationToken cancellationToken)
    {
        var context = http.HttpContext!;
        var result = await executer.ExecuteAsync(new ExecutionOptions
        {
            Schema = schema,
            Query = query,
            Variables = variables,
            OperationName = operationName,
            RequestServices = context.RequestServices,
            User = context.User,
            CancellationToken = cancellationToken,
            ValidationRules = rules,
            UnhandledExceptionDelegate = Unhandled,
        }).ConfigureAwait(false);
        foreach (var error in result.Errors ?? [])
        {
            error.Code = error switch
            {
                SyntaxError => StudioErrors.ParseFailed,
                InvalidVariableError => StudioErrors.BadUserInput,
                ValidationError => StudioErrors.ValidationFailed,
                _ => error.Code,
            };
        }

        return new ContentResult
        {
            Content = serializer.Serialize(result),
            ContentType = "application/json; charset=utf-8",
            StatusCode = StatusCodes.Status200OK,
        };
    }

    /// <summary>A refused input becomes <c>BAD_USER_INPUT</c> naming its field; anything else stays a server error.</summary>
    private static Task Unhandled(UnhandledExceptionContext context)
    {
        if (context.OriginalException is InvalidEventException invalid)
        {
            context.Exception = StudioErrors.Invalid(invalid);
        }

        return Task.CompletedTask;
    }

    /// <summary>Refuses a mutation sent by GET, which GraphQL over HTTP reserves for queries.</summary>
    private sealed class QueriesOnly : ValidationRuleBase
    {
        public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context) =>
            new(new MatchingNodeVisitor<GraphQLOperationDefinition>((operation, validation) =>
            {
                if (operation == validation.Operation && operation.Operation != OperationType.Query)
                {
                    validation.ReportError(new ValidationError("Only queries may be sent by GET; send a mutation by POST."));
                }
            }));
    }
}
