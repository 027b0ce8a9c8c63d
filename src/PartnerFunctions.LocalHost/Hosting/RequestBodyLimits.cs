using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using PartnerFunctions.Workflows.Definitions;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Importing;
using PartnerFunctions.Workflows.Partners;

namespace PartnerFunctions.LocalHost.Hosting;

/// <summary>
/// Request body size in the local host. Kestrel's own limit (30,000,000 bytes by default) is raised to the largest
/// body the product accepts (an import file, 32 MiB; an evidence document, Storage:MaxDocumentBytes; a definition),
/// so each handler applies its own limit with its own 413 problem. A body over the host's limit gets 413
/// problem+json naming the body too: refused up front by its Content-Length, or, sent without one, when reading
/// passes the limit (Kestrel then throws, and the exception is answered here instead of as an empty 413).
/// </summary>
public static class RequestBodyLimits
{
    /// <summary>The largest body the product accepts with these evidence settings.</summary>
    public static long MaxBytes(EvidenceUploadOptions evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        return Math.Max(Math.Max(ImportHandlers.MaxFileBytes, evidence.MaxDocumentBytes), DefinitionHandlers.MaxDefinitionBytes);
    }

    /// <summary>Sets Kestrel's request body limit to <see cref="MaxBytes"/>.</summary>
    public static IServiceCollection AddRequestBodyLimits(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<EvidenceUploadOptions>>((kestrel, evidence) => kestrel.Limits.MaxRequestBodySize = MaxBytes(evidence.Value));
        return services;
    }

    /// <summary>Answers bodies over the host's limit with 413 problem+json naming the body.</summary>
    public static IApplicationBuilder UseRequestBodyLimits(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use(async (context, next) =>
        {
            var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
            if (limit is { } max && context.Request.ContentLength > max)
            {
                await TooLarge(max).ExecuteAsync(context);
                return;
            }

            try
            {
                await next(context);
            }
            catch (Microsoft.AspNetCore.Http.BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
            {
                context.Response.Clear();
                await TooLarge(limit ?? 0).ExecuteAsync(context);
            }
        });
    }

    private static IResult TooLarge(long maxBytes) =>
        ApiProblems.TooLarge("body", FormattableString.Invariant($"A request body is at most {maxBytes} bytes here."));
}
