using RasaPlatform.Api.Http;

namespace RasaPlatform.Api.Generated;

/// <summary>The generated corrections controller; the message timestamp is read from the path as written.</summary>
[StrictNumberRouteValue("message_timestamp")]
public partial class CorrectionsController;
