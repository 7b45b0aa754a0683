using RasaPlatform.Core.Access;

namespace RasaPlatform.Core.Tests.Access;

public class ApiTokenFormatTests
{
    [Fact]
    public void NewToken_HasItsIdInsideAndParsesBack()
    {
        var id = ApiTokenFormat.NewId();

        var token = ApiTokenFormat.NewToken(id);

        Assert.Equal(ApiTokenFormat.Length, token.Length);
        Assert.StartsWith($"rp_{id}_", token, StringComparison.Ordinal);
        Assert.True(ApiTokenFormat.TryParse(token, out var parsed));
        Assert.Equal(id, parsed);
    }

    [Fact]
    public void NewToken_ManyDraws_AreAllDifferent()
    {
        var tokens = Enumerable.Range(0, 1000).Select(_ => ApiTokenFormat.NewToken("0123abcd")).ToHashSet();

        Assert.Equal(1000, tokens.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("rp_0123abcd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("rp_0123abcd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("xp_0123abcd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("rp_0123ABCD_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("rp_0123abcg_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("rp_0123abcd-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("rp_0123abcd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("rp_0123abcd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+")]
    [InlineData("rp_0123abcd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\u00e9")]
    [InlineData(" rp_0123abcd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void TryParse_AnythingButATokensShape_IsFalse(string? candidate)
    {
        Assert.False(ApiTokenFormat.TryParse(candidate, out var id));
        Assert.Null(id);
    }

    [Fact]
    public void TryParse_Base64UrlAlphabet_IsAccepted()
    {
        Assert.True(ApiTokenFormat.TryParse("rp_0123abcd_az09AZ-_az09AZ-_az09AZ-_az09AZ-_az09AZ-_az0", out var id));
        Assert.Equal("0123abcd", id);
    }

    [Fact]
    public void Hash_IsTheLowerCaseHexSha256OfTheToken()
    {
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ApiTokenFormat.Hash("abc"));
    }

    [Theory]
    [InlineData("0123ABCD")]
    [InlineData("0123abc")]
    [InlineData("0123abcde")]
    public void NewToken_IdOfAnotherShape_Throws(string id)
    {
        Assert.Throws<ArgumentException>(() => ApiTokenFormat.NewToken(id));
    }
}
