using GraphQLParser.AST;

namespace RasaPlatform.Api.Tests;

/// <summary>
/// The object and input types of an SDL document, each as its members written <c>name(args): Type = default</c> in
/// ordinal order: what introspection of the served schema is compared with.
/// </summary>
internal static class SdlShape
{
    public static Dictionary<string, List<string>> Read(string sdl)
    {
        var document = GraphQLParser.Parser.Parse(sdl);
        var shape = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var definition in document.Definitions)
        {
            switch (definition)
            {
                case GraphQLObjectTypeDefinition type:
                    shape[type.Name.StringValue] = [.. (type.Fields?.Items ?? []).Select(Field).Order(StringComparer.Ordinal)];
                    break;
                case GraphQLInputObjectTypeDefinition input:
                    shape[input.Name.StringValue] = [.. (input.Fields?.Items ?? []).Select(Member).Order(StringComparer.Ordinal)];
                    break;
            }
        }

        return shape;
    }

    private static string Field(GraphQLFieldDefinition field)
    {
        var args = field.Arguments?.Items is { Count: > 0 } items ? "(" + string.Join(", ", items.Select(Member)) + ")" : "";
        return field.Name.StringValue + args + ": " + TypeName(field.Type);
    }

    private static string Member(GraphQLInputValueDefinition value) =>
        value.Name.StringValue + ": " + TypeName(value.Type) + value.DefaultValue switch
        {
            null => "",
            GraphQLIntValue number => " = " + new string(number.Value.Span),
            var other => throw new NotSupportedException($"default value {other.Kind}"),
        };

    private static string TypeName(GraphQLType type) => type switch
    {
        GraphQLNonNullType nonNull => TypeName(nonNull.Type) + "!",
        GraphQLListType list => "[" + TypeName(list.Type) + "]",
        GraphQLNamedType named => named.Name.StringValue,
        _ => throw new NotSupportedException(type.Kind.ToString()),
    };
}
