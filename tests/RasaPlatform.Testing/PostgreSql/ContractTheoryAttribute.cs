using Xunit.Sdk;

namespace RasaPlatform.Testing.PostgreSql;

/// <summary>The theory counterpart of <see cref="ContractFactAttribute"/>.</summary>
[XunitTestCaseDiscoverer("RasaPlatform.Testing.PostgreSql.ContractTheoryDiscoverer", "RasaPlatform.Testing")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ContractTheoryAttribute : TheoryAttribute;
