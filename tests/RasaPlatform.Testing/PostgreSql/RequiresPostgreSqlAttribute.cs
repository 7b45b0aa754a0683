namespace RasaPlatform.Testing.PostgreSql;

/// <summary>Marks a test class whose <see cref="ContractFactAttribute"/> tests need the PostgreSQL server.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RequiresPostgreSqlAttribute : Attribute;
