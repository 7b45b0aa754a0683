namespace RasaPlatform.Hostile;

/// <summary>The hostile values the generator puts in parameters, headers and JSON fields, each with a short label.</summary>
/// <remarks>
/// Query and path values are given as they are sent on the wire (already percent-encoded where it matters); JSON
/// values as JSON text. Strings stay under 4,000 characters, so that the request line stays within the server's own
/// limit (Kestrel's 8 KiB) and every answer comes from the application, which is what is under test.
/// </remarks>
public static class HostileValues
{
    /// <summary>Text for any parameter, whatever its type.</summary>
    public static readonly IReadOnlyList<(string Label, string Wire)> AnyText =
    [
        ("empty", ""),
        ("blank", "%20%20"),
        ("NUL", "%00"),
        ("control characters", "a%01b%7F%1B"),
        ("newline", "a%0D%0Ab"),
        ("tab", "%09x"),
        ("long, 3,900 characters", new string('x', 3_900)),
        ("non-BMP", "%F0%9F%98%80"),
        ("combining and right-to-left", "e%CC%81%E2%80%AEabc"),
        ("byte-order mark", "%EF%BB%BFx"),
        ("invalid UTF-8", "%FF%FE"),
        ("lone surrogate as CESU-8", "%ED%A0%BD"),
        ("percent", "%25"),
        ("path traversal", "..%2F..%2Fetc%2Fpasswd"),
        ("SQL", "'%20OR%20'1'%3D'1"),
        ("markup", "%3Cscript%3Ealert(1)%3C%2Fscript%3E"),
        ("JSON", "%7B%22%24ne%22%3A1%7D"),
        ("comma list of empties", "%2C%2C"),
    ];

    /// <summary>Text for numeric parameters.</summary>
    public static readonly IReadOnlyList<(string Label, string Wire)> Numbers =
    [
        ("NaN", "NaN"),
        ("Infinity", "Infinity"),
        ("-Infinity", "-Infinity"),
        ("1e999", "1e999"),
        ("-1e999", "-1e999"),
        ("1e308", "1e308"),
        ("-1e308", "-1e308"),
        ("1e-400", "1e-400"),
        ("-0", "-0"),
        ("2^63", "9223372036854775808"),
        ("2^64", "18446744073709551616"),
        ("-2^63-1", "-9223372036854775809"),
        ("digit grouping", "1%2C5"),
        ("hex", "0x10"),
        ("letters", "abc"),
        ("fraction", "1.5"),
        ("negative", "-1"),
        ("2^31", "2147483648"),
        ("leading plus", "%2B1"),
        ("spaces around", "%201%20"),
    ];

    /// <summary>Text for time parameters (Unix seconds or ISO-8601).</summary>
    public static readonly IReadOnlyList<(string Label, string Wire)> Times =
    [
        ("year 10000 in seconds", "253402300800"),
        ("1e12 seconds", "1e12"),
        ("before year 1", "-62135596801"),
        ("year 10000 ISO", "10000-01-01"),
        ("30 February", "2018-02-30"),
        ("hour 25", "2018-01-01T25%3A00"),
        ("last second of 9999 at +14:00", "9999-12-31T23%3A59%3A59%2B14%3A00"),
        ("first day of year 1 at -14:00", "0001-01-01T00%3A00%3A00-14%3A00"),
        ("year 1", "0001-01-01"),
        ("offset without time", "2018-01-01%2B01%3A00"),
    ];

    /// <summary>Text for boolean parameters.</summary>
    public static readonly IReadOnlyList<(string Label, string Wire)> Booleans =
    [
        ("yes", "yes"),
        ("2", "2"),
        ("TRUE", "TRUE"),
        ("tru", "tru"),
    ];

    /// <summary>JSON values that replace one field of a valid body.</summary>
    public static readonly IReadOnlyList<(string Label, string Json)> JsonFields =
    [
        ("null", "null"),
        ("true", "true"),
        ("0", "0"),
        ("-1", "-1"),
        ("1e300", "1e300"),
        ("-1e300", "-1e300"),
        ("1e999", "1e999"),
        ("2^63", "9223372036854775808"),
        ("2^64", "18446744073709551616"),
        ("1e30", "1e30"),
        ("empty string", "\"\""),
        ("long string, 100,000 characters", "\"" + new string('y', 100_000) + "\""),
        ("NUL", "\"a\\u0000b\""),
        ("control characters", "\"\\u0001\\u001b\\u007f\""),
        ("lone high surrogate", "\"\\ud83d\""),
        ("lone low surrogate", "\"x\\ude00y\""),
        ("non-BMP", "\"\\ud83d\\ude00 \U0001F600\""),
        ("empty array", "[]"),
        ("empty object", "{}"),
        ("array of null", "[null]"),
        ("nested 40 deep", new string('[', 40) + new string(']', 40)),
        ("operator object", "{\"$ne\":1}"),
        ("number as string", "\"1\""),
    ];

    /// <summary>Bodies that replace a whole valid body.</summary>
    public static readonly IReadOnlyList<(string Label, string Json)> Bodies =
    [
        ("empty", ""),
        ("whitespace", "  \n "),
        ("open brace", "{"),
        ("open bracket", "["),
        ("close brace", "}"),
        ("truncated literal", "nul"),
        ("trailing comma in array", "[1,]"),
        ("trailing comma in object", "{\"a\":1,}"),
        ("single quotes", "{'event':'user'}"),
        ("comment", "/* x */ {}"),
        ("NaN literal", "NaN"),
        ("Infinity literal", "Infinity"),
        ("string", "\"x\""),
        ("number", "1"),
        ("huge number", "1e999"),
        ("true", "true"),
        ("null", "null"),
        ("empty array", "[]"),
        ("empty object", "{}"),
        ("array of null", "[null]"),
        ("array of arrays", "[[]]"),
        ("array of empty objects", "[{}]"),
        ("nested 10,000 deep", new string('[', 10_000) + new string(']', 10_000)),
        ("nested objects 1,000 deep", string.Concat(Enumerable.Repeat("{\"a\":", 1_000)) + "1" + new string('}', 1_000)),
        ("two documents", "{} {}"),
        ("lone surrogate", "\"\\ud800\""),
        ("invalid escape", "\"\\x41\""),
        ("unterminated string", "\"abc"),
        ("10,000 empty events", "[" + string.Join(",", Enumerable.Repeat("{}", 10_000)) + "]"),
    ];

    /// <summary>Content types a JSON body is sent with instead of <c>application/json</c>.</summary>
    public static readonly IReadOnlyList<string> ContentTypes =
    [
        "",
        "text/plain",
        "application/xml",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/json; charset=utf-16",
        "application/json; charset=utf-32",
        "application/json; charset=latin1",
        "application/json; charset=bogus",
        "application/json; charset=",
        "application/merge-patch+json",
        "application/octet-stream",
        "garbage",
        "application/json; boundary=\"",
    ];

    /// <summary>Authorization header values (null: none); the valid token is added by the runner for the rest.</summary>
    public static IReadOnlyList<(string Label, string? Header)> Authorizations(string token) =>
    [
        ("no Authorization", null),
        ("Bearer without token", "Bearer"),
        ("Bearer and a space", "Bearer "),
        ("unknown token", "Bearer rp_0000000000000000000000000000000000000000"),
        ("token cut short", "Bearer " + token[..Math.Max(1, token.Length / 2)]),
        ("token and garbage", "Bearer " + token + "x"),
        ("Basic scheme", "Basic dXNlcjpwYXNz"),
        ("lower-case scheme", "bearer " + token),
        ("long token", "Bearer " + new string('t', 3_000)),
        ("token in quotes", "Bearer \"" + token + "\""),
        ("two schemes", "Bearer " + token + ", Basic dXNlcjpwYXNz"),
    ];

    /// <summary>Accept headers an error must be problem+json under all the same.</summary>
    public static readonly IReadOnlyList<string> Accepts =
    [
        "application/xml",
        "text/html",
        "text/markdown",
        "image/png",
        "*/*;q=0",
        "garbage",
    ];
}
