using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace RasaPlatform.Hostile;

/// <summary>One hostile request: what it targets, what is hostile about it, and the request itself.</summary>
/// <param name="Operation">The contract's operationId.</param>
/// <param name="Kind">The dimension made hostile: <c>path</c>, <c>query</c>, <c>body</c>, <c>field</c>, <c>content-type</c>, <c>header</c>, <c>method</c>.</param>
/// <param name="Label">What was sent, e.g. <c>query start = NaN</c>.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Target">Path and query, as sent.</param>
/// <param name="Body">The body's bytes (not always UTF-8); null for none.</param>
/// <param name="ContentType">The body's Content-Type; null for none.</param>
/// <param name="Authorization">The Authorization header; null to send the valid token, empty for none.</param>
/// <param name="Accept">The Accept header; null for none.</param>
public sealed record HostileCase(
    string Operation,
    string Kind,
    string Label,
    string Method,
    string Target,
    ReadOnlyMemory<byte>? Body,
    string? ContentType,
    string? Authorization,
    string? Accept);

/// <summary>What the valid requests the cases start from refer to: a stored conversation, one of its messages, a tag.</summary>
/// <param name="SenderId">A stored conversation.</param>
/// <param name="MessageTimestamp">The timestamp of one of its messages, as its event carries it.</param>
/// <param name="TagId">A stored tag.</param>
public sealed record HostileFixture(string SenderId, string MessageTimestamp, long TagId)
{
    /// <summary>The id a destructive operation's valid request names: never stored, so the fixture survives it.</summary>
    public const string Nobody = "hostile-nobody";
}

/// <summary>Derives hostile requests from the contract: every operation, every parameter, body field and header.</summary>
public static class HostileCases
{
    private const string Json = "application/json";

    private static readonly string[] OtherMethods = ["PATCH", "PUT", "POST", "DELETE", "OPTIONS"];

    /// <summary>
    /// The cases: every single-point mutation of every operation's valid request, then, up to <paramref name="count"/>,
    /// pairs of mutations of one operation chosen with <paramref name="seed"/>; fewer than all single mutations when
    /// <paramref name="count"/> is smaller (a seeded sample). The same seed and count give the same cases.
    /// </summary>
    /// <param name="operations">The contract's operations.</param>
    /// <param name="fixture">What the valid requests refer to.</param>
    /// <param name="token">The valid token, for the Authorization variants.</param>
    /// <param name="maxBodyBytes">The service's body limit; one case per body goes one byte over it.</param>
    /// <param name="count">How many cases.</param>
    /// <param name="seed">The seed of the sample and of the pairs.</param>
    public static IReadOnlyList<HostileCase> Generate(
        IReadOnlyList<SpecOperation> operations, HostileFixture fixture, string token, long maxBodyBytes, int count, int seed)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(fixture);
        ArgumentNullException.ThrowIfNull(token);
        var singles = operations.SelectMany(o => Singles(o, fixture, token, maxBodyBytes)).ToList();
        var random = new Random(seed);
        if (count <= singles.Count)
        {
            return [.. singles.OrderBy(_ => random.Next()).Take(count)];
        }

        var cases = new List<HostileCase>(count);
        cases.AddRange(singles);
        var byOperation = operations.ToDictionary(o => o.Id, o => (Operation: o, Mutations: Mutations(o, fixture).ToList()));
        var withTwo = byOperation.Values.Where(v => v.Mutations.Count >= 2).ToList();
        while (cases.Count < count && withTwo.Count > 0)
        {
            var (operation, mutations) = withTwo[random.Next(withTwo.Count)];
            var first = mutations[random.Next(mutations.Count)];
            var second = mutations[random.Next(mutations.Count)];
            if (first.Slot == second.Slot)
            {
                continue;
            }

            var request = ValidRequest(operation, fixture);
            first.Apply(request);
            second.Apply(request);
            cases.Add(request.ToCase(operation.Id, "pair", $"{first.Label} + {second.Label}"));
        }

        return cases;
    }

    /// <summary>Every single mutation of <paramref name="operation"/>, and the header, content-type and method variants.</summary>
    private static IEnumerable<HostileCase> Singles(SpecOperation operation, HostileFixture fixture, string token, long maxBodyBytes)
    {
        foreach (var mutation in Mutations(operation, fixture))
        {
            var request = ValidRequest(operation, fixture);
            mutation.Apply(request);
            yield return request.ToCase(operation.Id, mutation.Kind, mutation.Label);
        }

        if (!operation.Anonymous)
        {
            foreach (var (label, header) in HostileValues.Authorizations(token))
            {
                var request = ValidRequest(operation, fixture);
                request.Authorization = header ?? string.Empty;
                yield return request.ToCase(operation.Id, "header", "Authorization: " + label);
            }
        }

        foreach (var accept in HostileValues.Accepts)
        {
            // A request that fails, so that the error's format is what is checked.
            var request = ValidRequest(operation, fixture);
            request.Accept = accept;
            request.Authorization = string.Empty;
            yield return request.ToCase(operation.Id, "header", $"Accept: {accept}, no token");
        }

        if (operation.Body is not null)
        {
            foreach (var contentType in HostileValues.ContentTypes)
            {
                var request = ValidRequest(operation, fixture);
                request.ContentType = contentType;
                yield return request.ToCase(operation.Id, "content-type", $"Content-Type: '{contentType}'");
            }

            var oversized = ValidRequest(operation, fixture);
            oversized.Body = Encoding.UTF8.GetBytes("[" + new string(' ', (int)Math.Min(maxBodyBytes - 1, 64L * 1024 * 1024)) + "]");
            yield return oversized.ToCase(operation.Id, "body", "one byte over the body limit");
        }

        foreach (var method in OtherMethods.Where(m => m != operation.Method))
        {
            var request = ValidRequest(operation, fixture);
            request.Method = method;
            request.Body = null;
            request.ContentType = null;
            yield return request.ToCase(operation.Id, "method", $"{method} instead of {operation.Method}");
        }
    }

    /// <summary>The mutations of parameters, of the whole body, and of each field of the valid body.</summary>
    private static IEnumerable<Mutation> Mutations(SpecOperation operation, HostileFixture fixture)
    {
        foreach (var parameter in operation.Parameters)
        {
            foreach (var (label, wire) in ValuesFor(parameter))
            {
                if (parameter.Location == "path" && (wire.Length == 0 || wire.Contains("%2F", StringComparison.OrdinalIgnoreCase) || wire.StartsWith("%FF", StringComparison.Ordinal) || wire.StartsWith("%ED", StringComparison.Ordinal)))
                {
                    // An empty segment routes elsewhere; invalid UTF-8 in a path is refused by the server before the application.
                    continue;
                }

                yield return new Mutation($"{parameter.Location} {parameter.Name}", parameter.Location, $"{parameter.Location} {parameter.Name} = {label}", r => r.Set(parameter, wire));
            }

            if (parameter.Location == "query")
            {
                yield return new Mutation($"query {parameter.Name}", "query", $"query {parameter.Name} twice", r => r.Duplicate(parameter));
                if (parameter.Required)
                {
                    yield return new Mutation($"query {parameter.Name}", "query", $"query {parameter.Name} missing", r => r.Query.Remove(parameter.Name));
                }
            }
        }

        if (operation.Body is not { } body)
        {
            yield break;
        }

        foreach (var (label, json) in HostileValues.Bodies)
        {
            yield return new Mutation("body", "body", $"body {label}", r => r.Body = Encoding.UTF8.GetBytes(json));
        }

        yield return new Mutation("body", "body", "body with a byte-order mark", r => r.Body = [0xEF, 0xBB, 0xBF, .. r.Body!]);
        yield return new Mutation("body", "body", "body with invalid UTF-8", r => r.Body = Encoding.UTF8.GetBytes("{\"event\":\"user\",\"text\":\"").Concat(new byte[] { 0xFF, 0xC0, 0x80 }).Concat(Encoding.UTF8.GetBytes("\"}")).ToArray());
        yield return new Mutation("body", "body", "body with trailing garbage", r => r.Body = [.. r.Body!, .. "garbage"u8.ToArray()]);
        foreach (var path in FieldPaths(Sample(body, fixture), string.Empty))
        {
            foreach (var (label, json) in HostileValues.JsonFields)
            {
                yield return new Mutation("body", "field", $"field {path} = {label}", r => r.Body = Encoding.UTF8.GetBytes(Replace(Sample(body, fixture), path, json)));
            }
        }
    }

    private static IEnumerable<(string Label, string Wire)> ValuesFor(SpecParameter parameter)
    {
        IEnumerable<(string, string)> values = HostileValues.AnyText;
        if (parameter.Schema.Type is "number" or "integer")
        {
            values = values.Concat(HostileValues.Numbers);
        }
        else if (parameter.Schema.Type == "boolean")
        {
            values = values.Concat(HostileValues.Booleans);
        }
        else if (IsTime(parameter.Name))
        {
            values = values.Concat(HostileValues.Numbers).Concat(HostileValues.Times);
        }

        return values;
    }

    private static bool IsTime(string name) => name is "start" or "until" or "end" or "fromTime" or "toTime" or "message_timestamp";

    /// <summary>The valid request an operation's mutations start from.</summary>
    private static MutableRequest ValidRequest(SpecOperation operation, HostileFixture fixture)
    {
        var destructive = operation.Method == "DELETE";

        // Reads, flags and tag links name the fixture's conversation; deletions and writes of events another one, so
        // that the fixture keeps its flagged message and tag whatever those accept.
        var onFixture = operation.Method == "GET" || operation.Path.Contains("/messages/", StringComparison.Ordinal) || operation.Path.Contains("/tags/", StringComparison.Ordinal);
        var request = new MutableRequest(operation.Method, operation.Path);
        foreach (var parameter in operation.Parameters)
        {
            var value = parameter.Name switch
            {
                "sender_id" => onFixture ? fixture.SenderId : HostileFixture.Nobody,
                "message_timestamp" => fixture.MessageTimestamp,
                "tagId" => destructive && operation.Path.EndsWith("{tagId}", StringComparison.Ordinal) && !operation.Path.Contains("{sender_id}", StringComparison.Ordinal)
                    ? "999999999"
                    : fixture.TagId.ToString(CultureInfo.InvariantCulture),
                "assistantName" or "assistant" => "default",
                _ when parameter.Required => SampleText(parameter.Schema),
                _ => null,
            };
            if (value is null)
            {
                continue;
            }

            if (parameter.Location == "path")
            {
                request.Path[parameter.Name] = Uri.EscapeDataString(value);
            }
            else
            {
                request.Query[parameter.Name] = [Uri.EscapeDataString(value)];
            }
        }

        if (operation.Body is { } body)
        {
            request.Body = Encoding.UTF8.GetBytes(Sample(body, fixture));
            request.ContentType = Json;
        }

        return request;
    }

    private static string SampleText(SpecSchema schema) => schema switch
    {
        { Enum.Count: > 0 } => schema.Enum[0],
        { Type: "integer" or "number" } => "1",
        { Type: "boolean" } => "true",
        _ => "hostile",
    };

    /// <summary>A valid JSON value of <paramref name="schema"/>, as text.</summary>
    private static string Sample(SpecSchema schema, HostileFixture fixture) => SampleNode(schema, fixture, string.Empty)?.ToJsonString() ?? "null";

    private static JsonNode? SampleNode(SpecSchema schema, HostileFixture fixture, string name) => schema.Type switch
    {
        "object" => new JsonObject(schema.Properties
            .Where(p => schema.Required.Contains(p.Key) || p.Key == "timestamp")
            .Select(p => KeyValuePair.Create(p.Key, SampleNode(p.Value, fixture, p.Key)))),
        "array" => new JsonArray(SampleNode(schema.Items ?? SpecSchema.Any, fixture, name)),
        "integer" => JsonValue.Create(1),
        "number" => JsonValue.Create(1700000000.5),
        "boolean" => JsonValue.Create(true),
        _ when schema.Enum.Count > 0 => JsonValue.Create(schema.Enum[0]),
        _ => name switch
        {
            "event" => JsonValue.Create("user"),
            "conversation_ids" => JsonValue.Create(HostileFixture.Nobody),
            "assistantName" => JsonValue.Create("default"),
            _ => JsonValue.Create("hostile " + name),
        },
    };

    /// <summary>The paths of every value in <paramref name="json"/> (<c>conversation_ids[0]</c>, <c>[0].event</c>).</summary>
    private static IEnumerable<string> FieldPaths(string json, string prefix)
    {
        var node = JsonNode.Parse(json);
        return node is null ? [] : Paths(node, prefix);

        static IEnumerable<string> Paths(JsonNode node, string at)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (key, value) in obj)
                    {
                        var path = at.Length == 0 ? key : $"{at}.{key}";
                        yield return path;
                        if (value is not null)
                        {
                            foreach (var inner in Paths(value, path))
                            {
                                yield return inner;
                            }
                        }
                    }

                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        var path = $"{at}[{i}]";
                        yield return path;
                        if (array[i] is { } item)
                        {
                            foreach (var inner in Paths(item, path))
                            {
                                yield return inner;
                            }
                        }
                    }

                    break;
            }
        }
    }

    /// <summary><paramref name="json"/> with the value at <paramref name="path"/> replaced by the JSON text <paramref name="value"/>.</summary>
    /// <remarks>Spliced as text: the hostile value (a lone surrogate, <c>1e999</c>) must reach the service as written.</remarks>
    private static string Replace(string json, string path, string value)
    {
        const string Marker = "\u0001HOSTILE\u0001";
        var root = JsonNode.Parse(json)!;
        var (parent, key, index) = Locate(root, path);
        if (parent is JsonObject obj)
        {
            obj[key!] = Marker;
        }
        else
        {
            ((JsonArray)parent)[index] = Marker;
        }

        return root.ToJsonString().Replace("\"\\u0001HOSTILE\\u0001\"", value, StringComparison.Ordinal);
    }

    private static (JsonNode Parent, string? Key, int Index) Locate(JsonNode root, string path)
    {
        var node = root;
        var parts = Parse(path).ToList();
        for (var i = 0; i < parts.Count - 1; i++)
        {
            node = parts[i].Key is { } key ? node[key]! : node[parts[i].Index]!;
        }

        return (node, parts[^1].Key, parts[^1].Index);
    }

    private static IEnumerable<(string? Key, int Index)> Parse(string path)
    {
        var i = 0;
        while (i < path.Length)
        {
            if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                yield return (null, int.Parse(path.AsSpan(i + 1, end - i - 1), CultureInfo.InvariantCulture));
                i = end + 1;
            }
            else
            {
                if (path[i] == '.')
                {
                    i++;
                }

                var end = path.IndexOfAny(['.', '['], i);
                end = end < 0 ? path.Length : end;
                yield return (path[i..end], 0);
                i = end;
            }
        }
    }

    /// <summary>A change to a valid request; <see cref="Slot"/> names what it changes, so that a pair never changes one thing twice.</summary>
    private sealed record Mutation(string Slot, string Kind, string Label, Action<MutableRequest> Apply);

    /// <summary>A request being built.</summary>
    private sealed class MutableRequest(string method, string template)
    {
        public string Method { get; set; } = method;

        public Dictionary<string, string> Path { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, List<string>> Query { get; } = new(StringComparer.Ordinal);

        public byte[]? Body { get; set; }

        public string? ContentType { get; set; }

        public string? Authorization { get; set; }

        public string? Accept { get; set; }

        public void Set(SpecParameter parameter, string wire)
        {
            if (parameter.Location == "path")
            {
                Path[parameter.Name] = wire;
            }
            else
            {
                Query[parameter.Name] = [wire];
            }
        }

        public void Duplicate(SpecParameter parameter)
        {
            var first = Query.TryGetValue(parameter.Name, out var values) ? values[0] : SampleText(parameter.Schema);
            Query[parameter.Name] = [first, parameter.Schema.Type is "number" or "integer" ? "2" : "other"];
        }

        public HostileCase ToCase(string operation, string kind, string label)
        {
            var path = template;
            foreach (var (name, value) in Path)
            {
                path = path.Replace("{" + name + "}", value, StringComparison.Ordinal);
            }

            var query = string.Join("&", Query.SelectMany(q => q.Value.Select(v => $"{q.Key}={v}")));
            return new HostileCase(
                operation, kind, label, Method, query.Length == 0 ? path : $"{path}?{query}", Body is null ? null : new ReadOnlyMemory<byte>(Body), Body is null ? null : ContentType, Authorization, Accept);
        }
    }
}
