namespace RasaPlatform.Storage;

/// <summary>The store implementations a deployment can choose from.</summary>
public enum StorageProvider
{
    /// <summary>An embedded SQLite file: one analyst on one machine.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server: teams, several service instances.</summary>
    PostgreSql,
}
