using System.Text;
using RasaPlatform.Core.Events;

namespace RasaPlatform.Core.Tests;

public class ContentHashTests
{
    // Reference values of XXH64 with seed 0 (from the xxHash reference implementation via the xxhashjs package).
    [Theory]
    [InlineData("", 0xef46db3751d8e999UL)]
    [InlineData("a", 0xd24ec4f1a98c6e5bUL)]
    [InlineData("abc", 0x44bc2cf5ad770999UL)]
    [InlineData("Nobody inspects the spammish repetition", 0xfbcea83c8a378bf1UL)]
    [InlineData("""{"event":"action","name":"action_listen","timestamp":1517821726.211031,"policy":null}""", 0x0082cf02317dfff4UL)]
    public void Of_MatchesXxh64(string text, ulong expected) =>
        Assert.Equal(unchecked((long)expected), ContentHash.Of(Encoding.UTF8.GetBytes(text)));
}
