using Xunit.Abstractions;
using Xunit.Sdk;

namespace RasaPlatform.Testing.PostgreSql;

/// <summary>A contract theory whose rows are enumerated at run time; skipped like <see cref="ContractTestCase"/>.</summary>
public sealed class ContractTheoryTestCase : XunitTheoryTestCase
{
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public ContractTheoryTestCase()
    {
    }

    public ContractTheoryTestCase(
        IMessageSink diagnosticMessageSink,
        TestMethodDisplay defaultMethodDisplay,
        TestMethodDisplayOptions defaultMethodDisplayOptions,
        ITestMethod testMethod)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod)
    {
    }

    protected override string GetSkipReason(IAttributeInfo factAttribute) =>
        ContractTestCase.SkipFor(TestMethod) ?? base.GetSkipReason(factAttribute);
}
