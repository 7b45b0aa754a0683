namespace RasaPlatform.Storage.Sql;

/// <summary>What a <c>conversation_names</c> row names; stored as its number.</summary>
internal enum NameKind : short
{
    Intent = 1,
    Entity = 2,
    Action = 3,
    Policy = 4,
}
