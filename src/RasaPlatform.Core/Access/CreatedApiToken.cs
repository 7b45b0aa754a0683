namespace RasaPlatform.Core.Access;

/// <summary>A token just created: its stored record and the token itself, which is shown once and never stored.</summary>
/// <param name="Token">The stored record.</param>
/// <param name="Secret">The whole token to send as <c>Authorization: Bearer …</c>.</param>
public sealed record CreatedApiToken(ApiToken Token, string Secret)
{
    /// <summary>Keeps the secret out of logs and debugger views.</summary>
    public override string ToString() => $"CreatedApiToken {{ Token = {Token}, Secret = *** }}";
}
