namespace RasaPlatform.Storage.PostgreSql;

/// <summary>Settings of the PostgreSQL store (configuration section <c>Storage:PostgreSql</c>).</summary>
public sealed class PostgreSqlStoreOptions
{
    public const string Section = "Storage:PostgreSql";

    /// <summary>
    /// An Npgsql connection string, e.g. <c>Host=db;Port=5432;Username=rasa;Password=…;Database=rasaplatform</c>.
    /// Required. A <c>Search Path</c> names the schema the tables live in; the migrator creates it when missing.
    /// From the environment: <c>Storage__PostgreSql__ConnectionString</c>.
    /// </summary>
    public string ConnectionString { get; set; } = string.Empty;
}
