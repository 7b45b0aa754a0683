using Xunit.Abstractions;
using Xunit.Sdk;

namespace RasaPlatform.Testing.PostgreSql;

/// <summary>A contract test, skipped when its concrete class needs a PostgreSQL server that is not there (outside CI).</summary>
public sealed class ContractTestCase : XunitTestCase
{
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public ContractTestCase()
    {
    }

    public ContractTestCase(
        IMessageSink diagnosticMessageSink,
        TestMethodDisplay defaultMethodDisplay,
        TestMethodDisplayOptions defaultMethodDisplayOptions,
        ITestMethod testMethod,
        object[]? testMethodArguments = null)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod, testMethodArguments)
    {
    }

    protected override string GetSkipReason(IAttributeInfo factAttribute) =>
        SkipFor(TestMethod) ?? base.GetSkipReason(factAttribute);

    /// <summary>The skip reason when the method's concrete class needs a PostgreSQL server that is not there.</summary>
    internal static string? SkipFor(ITestMethod testMethod)
    {
        var needsServer = testMethod.TestClass.Class
            .GetCustomAttributes(typeof(RequiresPostgreSqlAttribute).AssemblyQualifiedName)
            .Any();
        return needsServer ? PostgreSqlServer.SkipReason : null;
    }
}
