using Microsoft.Extensions.Logging;

namespace RasaPlatform.Storage.Sql;

internal static partial class MigratorLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Applied {Dialect} migration {Name}")]
    public static partial void Applied(ILogger logger, string dialect, string name);
}
