using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace PartnerFunctions.FunctionApp.Hosting;

/// <summary>
/// Lets a Functions HTTP trigger return a shared handler's <see cref="IResult"/>: the Functions ASP.NET Core
/// integration executes <see cref="IActionResult"/>s, so this executes the minimal-API result against the context.
/// </summary>
public sealed class HttpResultActionResult(IResult result) : IActionResult
{
    /// <summary>The wrapped result (tests inspect it).</summary>
    public IResult Result { get; } = result ?? throw new ArgumentNullException(nameof(result));

    /// <inheritdoc />
    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Result.ExecuteAsync(context.HttpContext);
    }
}
