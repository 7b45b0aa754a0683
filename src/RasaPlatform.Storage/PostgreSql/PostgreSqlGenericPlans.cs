namespace RasaPlatform.Storage.PostgreSql;

/// <summary>The setting that has a write transaction's prepared statements run on their generic plans.</summary>
/// <remarks>
/// <para>
/// The write paths take their rows as arrays. Planned for the arrays at hand, a statement costs less when they are
/// short, so PostgreSQL judged the generic plan (which assumes ten elements) dearer than the custom ones and planned
/// every execution again: 0.3 to 0.9 ms per statement, about a seventh of the server's CPU under sustained appends.
/// The generic plans join the arrays to their tables by key as the custom ones did; in side-by-side runs of sustained
/// appends the statements' execution time did not grow, and the planning time fell by more than half.
/// </para>
/// <para>
/// Only for the transaction (SET LOCAL), and only where every statement is keyed by arrays: the listing's SQL, whose
/// best plan depends on the values asked for, keeps the server's choice.
/// </para>
/// </remarks>
internal static class PostgreSqlGenericPlans
{
    /// <summary>The statement to run first in the transaction.</summary>
    public const string ForTransaction = "SET LOCAL plan_cache_mode = force_generic_plan";
}
