using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PartnerFunctions.Workflows.Web;

/// <summary>
/// Renders a page component to HTML with <see cref="HtmlRenderer"/> (Razor encodes every value it writes, so no page
/// builds markup by concatenation) and wraps it in a <see cref="PageResult"/>.
/// </summary>
public sealed class PageRenderer(IServiceProvider services, ILoggerFactory loggers)
{
    /// <summary>The page <typeparamref name="TPage"/> with <paramref name="parameters"/> (property name to value).</summary>
    public async Task<IResult> RenderAsync<TPage>(int statusCode, IReadOnlyDictionary<string, object?> parameters)
        where TPage : IComponent =>
        new PageResult(statusCode, await RenderHtmlAsync<TPage>(parameters));

    /// <summary>The markup of <typeparamref name="TPage"/>, for a response with headers of its own (the approval link's).</summary>
    public async Task<string> RenderHtmlAsync<TPage>(IReadOnlyDictionary<string, object?> parameters)
        where TPage : IComponent
    {
        ArgumentNullException.ThrowIfNull(parameters);
        await using var renderer = new HtmlRenderer(services, loggers);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<TPage>(ParameterView.FromDictionary(parameters.ToDictionary()));
            return output.ToHtmlString();
        });
    }

    /// <summary>200 with the page.</summary>
    public Task<IResult> RenderAsync<TPage>(IReadOnlyDictionary<string, object?> parameters)
        where TPage : IComponent => RenderAsync<TPage>(StatusCodes.Status200OK, parameters);

    /// <summary>A refusal or error as a page (403, 404, 400 …) in the session's layout.</summary>
    public Task<IResult> MessageAsync(int statusCode, PageContext context, string title, string message) =>
        RenderAsync<MessagePage>(statusCode, new Dictionary<string, object?>
        {
            [nameof(MessagePage.Context)] = context,
            [nameof(MessagePage.Title)] = title,
            [nameof(MessagePage.Message)] = message,
        });
}
