using System.Text.Json;
using GraphQL.Types;
using GraphQLParser.AST;

namespace RasaPlatform.Api.Studio;

/// <summary>The schema's <c>JSON</c> scalar: a stored event, answered exactly as stored. It is never an input.</summary>
internal sealed class JsonScalar : ScalarGraphType
{
    public JsonScalar()
    {
        Name = "JSON";
        Description = "A Rasa tracker event, exactly as stored.";
    }

    public override object? Serialize(object? value) => value is JsonElement ? value : null;

    public override object? ParseValue(object? value) => ThrowValueConversionError(value);

    public override object? ParseLiteral(GraphQLValue value) => ThrowLiteralConversionError(value);
}
