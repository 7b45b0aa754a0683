using RasaPlatform.Core.Markers;

namespace RasaPlatform.Core.Tests.Markers;

public class MarkerConfigurationReaderTests
{
    private const string TaskSuccess = """
        # REFERENCE.md §7's format, as README gives it
        task_success:
          description: "The user asked for a transfer and the transfer went through"
          seq:
            - intent: transfer_money
            - action: action_transfer_done
        abandoned:
          and:
            - slot_was_not_set: confirmed
            - never:
                - action: utter_goodbye
        asked_faq:
          intent: faq
        """;

    [Fact]
    public void Read_RasasFormat_KeepsNamesOrderDescriptionsAndTree()
    {
        var configuration = MarkerConfigurationReader.Read(TaskSuccess);

        Assert.Equal(["task_success", "abandoned", "asked_faq"], configuration.Markers.Select(m => m.Name));
        var success = configuration.Markers[0];
        Assert.Equal("The user asked for a transfer and the transfer went through", success.Description);
        Assert.Equal(MarkerKind.Sequence, success.Root.Tag.Kind);
        Assert.Equal(["intent:transfer_money", "action:action_transfer_done"], success.Root.SubMarkers.Select(m => $"{m.Tag.Tag}:{m.Text}"));
        var abandoned = configuration.Markers[1].Root;
        Assert.True(abandoned.SubMarkers[0].Tag.Negated);
        Assert.Equal((MarkerKind.AtLeastOnce, true), (abandoned.SubMarkers[1].Tag.Kind, abandoned.SubMarkers[1].Tag.Negated));
        Assert.Equal(3, abandoned.Depth);
    }

    [Fact]
    public void Read_TheExampleOfReadme_IsAValidConfiguration()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory!.FullName, "README.md")))
        {
            directory = directory.Parent;
        }

        var readme = File.ReadAllLines(Path.Combine(directory.FullName, "README.md"));
        var from = Array.IndexOf(readme, "cat > markers.yml <<'YAML'") + 1;
        var to = Array.IndexOf(readme, "YAML", from);

        var configuration = MarkerConfigurationReader.Read(string.Join('\n', readme[from..to]));

        Assert.True(from > 0 && to > from, "README shows markers.yml");
        Assert.Equal(["task_success", "abandoned"], configuration.Markers.Select(m => m.Name));
    }

    [Fact]
    public void Read_Json_ReadsTheSameStructure()
    {
        const string Json = """{"task_success": {"seq": [{"intent": "transfer_money"}, {"action": "action_transfer_done"}]}, "n": {"intent": "42"}}""";

        var configuration = MarkerConfigurationReader.Read(Json);

        Assert.Equal("action_transfer_done", configuration.Markers[0].Root.SubMarkers[1].Text);
        Assert.Equal("42", configuration.Markers[1].Root.Text);
    }

    [Fact]
    public void Writers_YamlAndJson_ReadBackEqual()
    {
        var configuration = MarkerConfigurationReader.Read(TaskSuccess + "\nodd: {intent: 'true'}\nodder: {action: \"a: b\"}\n");

        var fromYaml = MarkerConfigurationReader.Read(MarkerConfigurationWriter.ToYaml(configuration));
        var fromJson = MarkerConfigurationReader.Read(MarkerConfigurationWriter.ToJson(configuration));

        Assert.Equal(MarkerConfigurationWriter.ToJson(configuration), MarkerConfigurationWriter.ToJson(fromYaml));
        Assert.Equal(MarkerConfigurationWriter.ToJson(configuration), MarkerConfigurationWriter.ToJson(fromJson));
        Assert.Equal("true", fromYaml.Markers.Single(m => m.Name == "odd").Root.Text);
    }

    [Theory]
    // Rasa's test_marker_validation_raises: a list, a list with a mapping, a plain string
    [InlineData("- slot_was_set", "", "mapping of marker names")]
    [InlineData("- slot_was_set: s1", "", "mapping of marker names")]
    [InlineData("slot_was_set", "", "mapping of marker names")]
    // a sub-marker config that is a mapping, not a list; a sub-marker under a condition; no list for an operator
    [InlineData("m: {and: {slot_was_set: s1}}", "m.and", "list of sub-markers")]
    [InlineData("m: {slot_was_set: {intent: blah}}", "m.slot_was_set", "one string")]
    [InlineData("m: {and: blah}", "m.and", "list of sub-markers")]
    // unknown operator and condition tags, the special name
    [InlineData("m: {Ard: [{intent: intent1}]}", "m", "Unknown tag 'Ard'")]
    [InlineData("m: {and: [{intnt: intent1}]}", "m.and[0]", "Unknown tag 'intnt'")]
    [InlineData("<any_marker>: {intent: blah}", "<any_marker>", "reserved")]
    [InlineData("intent: {intent: blah}", "intent", "reserved")]
    // REFERENCE.md §7's refusals
    [InlineData("m: {intent: [a, b]}", "m.intent", "use 'or' for several")]
    [InlineData("m: {not: [{intent: a}, {intent: b}]}", "m.not", "exactly 1 sub-marker")]
    [InlineData("m: {at_least_once: []}", "m.at_least_once", "exactly 1 sub-marker")]
    [InlineData("m: {never: [{intent: a}, {intent: b}]}", "m.never", "exactly 1 sub-marker")]
    [InlineData("m: {and: []}", "m.and", "at least one sub-marker")]
    [InlineData("m: {seq: [{intent: a}, {intent: b}, {and: [{intent: c}, {or: []}]}]}", "m.seq[2].and[1].or", "at least one sub-marker")]
    [InlineData("m: {description: only documentation}", "m", "needs a tag")]
    [InlineData("m: {intent: a, action: b}", "m", "exactly one tag")]
    [InlineData("m: {intent: 5}", "m.intent", "quote names")]
    [InlineData("m: {slot_was_set: true}", "m.slot_was_set", "quote names")]
    [InlineData("m: {action: ~}", "m.action", "one string")]
    [InlineData("m: {action: ''}", "m.action", "1 to 200 characters")]
    [InlineData("m: {and: [{description: x, intent: a}]}", "m.and[0].description", "Only a named marker")]
    [InlineData("m: {description: [x], intent: a}", "m.description", "must be a string")]
    [InlineData("m: [intent, a]", "m", "must be a mapping")]
    [InlineData("'a,b': {intent: a}", "a,b", "comma")]
    [InlineData("{}", "", "defines no marker")]
    [InlineData("m: {intent: a}\nm: {intent: b}", "", "Duplicate key")]
    [InlineData("m: {intent: [unclosed", "", "not valid YAML or JSON")]
    [InlineData("--- {m: {intent: a}}\n--- {n: {intent: b}}", "", "one YAML document")]
    public void Read_Invalid_NamesTheNodeAndTheRule(string yaml, string path, string rule)
    {
        var error = Assert.Throws<MarkerConfigurationException>(() => MarkerConfigurationReader.Read(yaml));

        Assert.Equal(path, error.Path);
        Assert.Contains(rule, error.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TooDeep_IsRefusedAtTheNodeThatGoesPastTheLimit()
    {
        var yaml = "m: " + string.Concat(Enumerable.Repeat("{or: [", MarkerConfiguration.MaximumDepth)) + "{intent: a}" + string.Concat(Enumerable.Repeat("]}", MarkerConfiguration.MaximumDepth));

        var error = Assert.Throws<MarkerConfigurationException>(() => MarkerConfigurationReader.Read(yaml));

        Assert.Contains("nest at most 32 levels", error.Rule, StringComparison.Ordinal);
        Assert.EndsWith(".or[0].intent", error.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AtTheDepthLimit_IsAccepted()
    {
        var depth = MarkerConfiguration.MaximumDepth - 1;
        var yaml = "m: " + string.Concat(Enumerable.Repeat("{or: [", depth)) + "{intent: a}" + string.Concat(Enumerable.Repeat("]}", depth));

        Assert.Equal(MarkerConfiguration.MaximumDepth, MarkerConfigurationReader.Read(yaml).Markers[0].Root.Depth);
    }

    [Fact]
    public void Read_AliasesThatMultiplyNodes_AreRefusedAtTheNodeLimit()
    {
        var yaml = "a: &a {or: [{intent: x}, {intent: y}, {intent: z}]}\n";
        var previous = "a";
        for (var i = 0; i < 8; i++)
        {
            yaml += $"b{i}: &b{i} {{or: [*{previous}, *{previous}, *{previous}]}}\n";
            previous = $"b{i}";
        }

        var error = Assert.Throws<MarkerConfigurationException>(() => MarkerConfigurationReader.Read(yaml));

        Assert.Contains("at most 1000 tags", error.Rule, StringComparison.Ordinal);
    }
}
