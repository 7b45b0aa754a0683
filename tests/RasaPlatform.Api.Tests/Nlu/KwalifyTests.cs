namespace RasaPlatform.Api.Tests.Nlu;

/// <summary>The schema check refuses what Rasa's loader refuses, so that its passing the exports says something.</summary>
public sealed class KwalifyTests
{
    [Theory]
    [InlineData("version: \"3.1\"\nnlu:\n- intent: greet\n  examples: |\n    - hi\n")]
    [InlineData("version: \"3.1\"\nnlu: []\n")]
    [InlineData("nlu:\n- intent: \"yes\"\n  metadata: {a: [1]}\n  examples: \"- hi\\n\"\n")]
    [InlineData("version: \"3.1\"\nresponses: {}\nrules: []\n")]
    public void Validate_ConformingDocument_HasNoErrors(string yaml) =>
        Assert.Empty(Kwalify.Validate(RasaNluData.Schema, yaml));

    [Theory]
    [InlineData("version: 3.1\nnlu: []\n", "/version")]
    [InlineData("version: \"\"\nnlu: []\n", "/version")]
    [InlineData("nlu: {}\n", "/nlu")]
    [InlineData("nlu:\n- intent: yes\n  examples: |\n    - hi\n", "/nlu/0")]
    [InlineData("nlu:\n- intent: \"\"\n  examples: |\n    - hi\n", "/nlu/0")]
    [InlineData("nlu:\n- intent: greet\n  examples: [hi]\n", "/nlu/0")]
    [InlineData("nlu:\n- intent: greet\n  example: |\n    - hi\n", "/nlu/0")]
    [InlineData("nlu:\n- greet\n", "/nlu/0")]
    public void Validate_DocumentRasaRefuses_NamesWhere(string yaml, string path)
    {
        var errors = Kwalify.Validate(RasaNluData.Schema, yaml);

        Assert.Contains(errors, e => e.StartsWith(path + ":", StringComparison.Ordinal) || e.StartsWith(path + "/", StringComparison.Ordinal));
    }
}
