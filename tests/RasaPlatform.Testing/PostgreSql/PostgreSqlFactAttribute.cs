namespace RasaPlatform.Testing.PostgreSql;

/// <summary>A test that needs the PostgreSQL server: skipped without one, except under <c>CI=true</c>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgreSqlFactAttribute : FactAttribute
{
    public PostgreSqlFactAttribute()
    {
        Skip = PostgreSqlServer.SkipReason;
    }
}
