using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace PartnerFunctions.Workflows.Http;

/// <summary>Success responses of the HTTP API, serialized with <see cref="ApiJson.Options"/>.</summary>
public static class ApiResults
{
    /// <summary>200 with a JSON body.</summary>
    public static IResult Ok(object value, string? etag = null) => new JsonResponse(StatusCodes.Status200OK, value, null, etag);

    /// <summary>201 with a JSON body and the new resource's location.</summary>
    public static IResult Created(string location, object value, string? etag = null) => new JsonResponse(StatusCodes.Status201Created, value, location, etag);

    /// <summary>202 with a JSON body and where to follow the work.</summary>
    public static IResult Accepted(string location, object value) => new JsonResponse(StatusCodes.Status202Accepted, value, location, null);

    /// <summary>Any status with a JSON body and optional Location/ETag headers.</summary>
    public static IResult Json(int statusCode, object value, string? location = null, string? etag = null) => new JsonResponse(statusCode, value, location, etag);

    /// <summary>200 with a JSON document already serialized (e.g. a stored program definition).</summary>
    public static IResult RawJson(string json, string? etag = null) => new RawJsonResponse(json, etag);

    /// <summary>A JSON response with optional Location and ETag headers.</summary>
    public sealed class JsonResponse(int statusCode, object value, string? location, string? etag) : IResult, IStatusCodeHttpResult, IValueHttpResult
    {
        /// <inheritdoc />
        public int? StatusCode { get; } = statusCode;

        /// <inheritdoc />
        public object? Value { get; } = value;

        /// <summary>The Location header, if any.</summary>
        public string? Location { get; } = location;

        /// <summary>The ETag header, if any.</summary>
        public string? ETag { get; } = etag;

        /// <inheritdoc />
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            var response = httpContext.Response;
            response.StatusCode = statusCode;
            if (Location is not null)
            {
                response.Headers.Location = Location;
            }

            if (ETag is not null)
            {
                response.Headers.ETag = ETag;
            }

            response.ContentType = "application/json; charset=utf-8";
            await JsonSerializer.SerializeAsync(response.Body, Value, Value?.GetType() ?? typeof(object), ApiJson.Options, httpContext.RequestAborted);
        }
    }

    /// <summary>A JSON document written as is.</summary>
    public sealed class RawJsonResponse(string json, string? etag) : IResult, IStatusCodeHttpResult
    {
        /// <inheritdoc />
        public int? StatusCode => StatusCodes.Status200OK;

        /// <summary>The document.</summary>
        public string Json { get; } = json;

        /// <inheritdoc />
        public Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            httpContext.Response.StatusCode = StatusCodes.Status200OK;
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            if (etag is not null)
            {
                httpContext.Response.Headers.ETag = etag;
            }

            return httpContext.Response.WriteAsync(Json, httpContext.RequestAborted);
        }
    }
}
