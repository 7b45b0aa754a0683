using RasaPlatform.Storage.Tests.Infrastructure;
using RasaPlatform.Testing.PostgreSql;

namespace RasaPlatform.Storage.Tests;

[RequiresPostgreSql]
public sealed class PostgreSqlMetadataStoreTests(PostgreSqlDatabase<PostgreSqlMetadataStoreTests> database)
    : MetadataStoreContract(database), IClassFixture<PostgreSqlDatabase<PostgreSqlMetadataStoreTests>>;
