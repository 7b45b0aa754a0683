using Microsoft.AspNetCore.Mvc;

// NSwag does not emit [ApiController]; without it a missing required parameter would bind to a default silently.
[assembly: ApiController]
