using RasaPlatform.Storage.Sql;
using RasaPlatform.Testing.PostgreSql;

namespace RasaPlatform.Storage.Tests;

public abstract partial class MetadataStoreContract
{
    [ContractFact]
    public async Task EveryColumnOfTheMetadataTable_IsOneTheSaveWrites()
    {
        // A column a migration adds to conversation_metadata is written by every save only once it is in the list.
        await using var connection = await Fixture.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM conversation_metadata WHERE 1 = 0";
        await using var reader = await command.ExecuteReaderAsync();
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();

        Assert.Equal(columns.Order(StringComparer.Ordinal), SavedMetadataColumns.All.Select(c => c.Column).Order(StringComparer.Ordinal));
        Assert.Equal(SavedMetadataColumns.All.Count, SavedMetadataColumns.ParameterNames.Distinct(StringComparer.Ordinal).Count());
    }
}
