using RasaPlatform.Storage.Tests.Infrastructure;

namespace RasaPlatform.Storage.Tests;

public sealed class SqliteMetadataStoreTests(SqliteDatabase database)
    : MetadataStoreContract(database), IClassFixture<SqliteDatabase>;
