namespace RasaPlatform.Api.Access;

/// <summary>What an operation does with a token limited to some assistants (<c>x-rasaplatform-limited-tokens</c>).</summary>
internal enum LimitedTokens
{
    /// <summary>Served: the operation keeps to the token's assistants itself.</summary>
    Served,

    /// <summary>Refused with 403 (<c>refused</c>): the operation acts on every assistant's conversations by nature.</summary>
    Refused,
}
