using Xunit.Sdk;

namespace RasaPlatform.Testing.PostgreSql;

/// <summary>A test of a contract suite: skipped like a <see cref="PostgreSqlFactAttribute"/> when the concrete test class
/// is marked <see cref="RequiresPostgreSqlAttribute"/>.</summary>
/// <remarks>
/// A base class's test attributes cannot know which subclass runs them, so the skip is decided per test case by
/// <see cref="ContractTestCase"/>, which sees the concrete class.
/// </remarks>
[XunitTestCaseDiscoverer("RasaPlatform.Testing.PostgreSql.ContractFactDiscoverer", "RasaPlatform.Testing")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ContractFactAttribute : FactAttribute;
