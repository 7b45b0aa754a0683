namespace RasaPlatform.Core.Storage;

/// <summary>Brings a store's schema to the version this build expects.</summary>
/// <remarks>Idempotent; safe to run from several instances at once.</remarks>
public interface IStoreMigrator
{
    Task MigrateAsync(CancellationToken cancellationToken);
}
