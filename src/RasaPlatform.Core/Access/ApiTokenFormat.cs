using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace RasaPlatform.Core.Access;

/// <summary>The shape of API tokens: <c>rp_</c>, the public id, <c>_</c>, and 256 random bits.</summary>
/// <remarks>
/// A token is <c>rp_{id}_{secret}</c>: <c>id</c> is <see cref="IdLength"/> lower-case hex digits (the record's public
/// id), <c>secret</c> is 32 bytes from the operating system's cryptographic generator in unpadded base64url (43
/// characters), 55 characters in all. Only <see cref="Hash"/> of the whole token is stored. The prefix makes a leaked
/// token recognisable to secret scanners and people; the id in it tells which record to revoke.
/// </remarks>
public static class ApiTokenFormat
{
    /// <summary>Every token starts with this.</summary>
    public const string Prefix = "rp_";

    /// <summary>Hex digits in a public id.</summary>
    public const int IdLength = 8;

    /// <summary>Random bytes in a token's secret part.</summary>
    public const int SecretBytes = 32;

    /// <summary>Characters in a token.</summary>
    public const int Length = 3 + IdLength + 1 + 43;

    /// <summary>A new random public id.</summary>
    public static string NewId() => RandomNumberGenerator.GetHexString(IdLength, lowercase: true);

    /// <summary>A new token for the public id <paramref name="id"/>.</summary>
    public static string NewToken(string id)
    {
        if (!IsId(id))
        {
            throw new ArgumentException($"A token id is {IdLength} lower-case hex digits.", nameof(id));
        }

        return Prefix + id + "_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));
    }

    /// <summary>Whether <paramref name="token"/> has the shape of a token; if so, its public id.</summary>
    /// <remarks>Looks at the characters only; whether the token exists is the store's to say.</remarks>
    public static bool TryParse(string? token, [NotNullWhen(true)] out string? id)
    {
        id = null;
        if (token is not { Length: Length } || !token.StartsWith(Prefix, StringComparison.Ordinal) || token[Prefix.Length + IdLength] != '_')
        {
            return false;
        }

        var candidate = token.Substring(Prefix.Length, IdLength);
        if (!IsId(candidate) || !token.AsSpan(Prefix.Length + IdLength + 1).ContainsOnlyBase64UrlCharacters())
        {
            return false;
        }

        id = candidate;
        return true;
    }

    /// <summary>Whether <paramref name="id"/> has the shape of a public id.</summary>
    public static bool IsId(string? id) =>
        id is { Length: IdLength } && id.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    /// <summary>What is stored for a token: the lower-case hex SHA-256 of its UTF-8 bytes (64 characters).</summary>
    /// <remarks>
    /// A plain hash suffices: the secret holds 256 random bits, so there is nothing to guess from the hash and no
    /// need for a slow, salted one (those protect low-entropy passwords).
    /// </remarks>
    public static string Hash(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }

    private static bool ContainsOnlyBase64UrlCharacters(this ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is not ((>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
