using System.Buffers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;

namespace Cadrage.Rules.Worker.Api;

/// <summary>
/// Reads a request body as bytes within the configured limit. A body beyond the limit is still read to its end
/// and discarded (up to <see cref="DrainFactor"/> times the limit): when the server stops reading, Kestrel resets
/// the connection and the client sees a broken send instead of the French 413 it is owed.
/// </summary>
internal static class RequestBody
{
    /// <summary>How far beyond the limit a body is drained before the connection may be dropped.</summary>
    public const int DrainFactor = 16;

    /// <returns>The body, or null when it exceeds <paramref name="limit"/> (answer 413).</returns>
    /// <exception cref="Microsoft.AspNetCore.Http.BadHttpRequestException">The transfer failed, or went beyond the drain bound.</exception>
    public static async Task<byte[]?> ReadAsync(HttpContext context, long limit)
    {
        var drain = limit * DrainFactor;
        if (context.Request.ContentLength is long declared && declared > drain)
        {
            return null;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = drain;
        }
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(81920);
        long total = 0;
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                total += read;
                if (total <= limit)
                {
                    buffer.Write(chunk, 0, read);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return total > limit ? null : buffer.ToArray();
    }
}
