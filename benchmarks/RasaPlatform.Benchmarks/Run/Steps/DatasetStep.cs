namespace RasaPlatform.Benchmarks.Run.Steps;

/// <summary>Generates (or reuses) the data set, its tenth, and the 10,000-event conversation.</summary>
internal sealed class DatasetStep : IMeasurementStep
{
    public string Name => "data set";

    public Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var o = context.Options;
        var folder = Path.Combine(o.DataDirectory);
        var data = DataSet.Prepare(folder, o.Conversations, o.Seed, context.Log);
        context.Data = data;
        context.AddRaw("data.conversations", $"{o.Conversations}");
        context.AddRaw("data.events", $"{data.MainEvents}");
        context.AddRaw("data.mib", $"{DataSet.MiB(data.Main):F1}");
        context.AddRaw("data.fraction_events", $"{data.FractionEvents}");
        context.AddRaw("data.long_events", $"{LongConversation.Events}");
        return Task.CompletedTask;
    }
}
