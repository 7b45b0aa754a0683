namespace RasaPlatform.Benchmarks.Run.Stores;

/// <summary>One storage engine under test: fresh stores for the service, and Rasa's events table beside them.</summary>
/// <remarks>Disposing drops everything created (unless the run keeps its stores).</remarks>
internal interface IBenchStore : IAsyncDisposable
{
    /// <summary><c>sqlite</c> or <c>postgresql</c>.</summary>
    string Name { get; }

    /// <summary>Creates a fresh, empty store called <paramref name="name"/>.</summary>
    /// <returns>The <c>--Storage:...</c> settings that point the Api at it.</returns>
    Task<IReadOnlyList<string>> CreateServiceStoreAsync(string name, CancellationToken cancellationToken);

    /// <summary>Creates Rasa's SQLTrackerStore <c>events</c> table, empty, in a fresh store called <paramref name="name"/>.</summary>
    Task<IRasaEventsTable> CreateRasaTableAsync(string name, CancellationToken cancellationToken);
}
