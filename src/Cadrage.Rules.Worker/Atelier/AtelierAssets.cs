using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Cadrage.Rules.Worker.Atelier;

/// <summary>The atelier's files (HTML template, style, ES modules), embedded in the executable: nothing to install, nothing from a CDN.</summary>
public static class AtelierAssets
{
    private const string Prefix = "atelier/";

    private static readonly FrozenDictionary<string, (byte[] Content, string Type, string ETag)> Files = Load();

    public static IEnumerable<string> Names => Files.Keys;

    /// <summary>A file's text (the page template).</summary>
    public static string Text(string name) => System.Text.Encoding.UTF8.GetString(Files[name].Content);

    /// <summary>Serves an embedded file with its type and an ETag; 404 for anything else.</summary>
    public static IResult Serve(HttpContext context, string name)
    {
        if (!Files.TryGetValue(name, out var file) || name.EndsWith(".html", StringComparison.Ordinal))
        {
            return Results.NotFound();
        }
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers.ETag = file.ETag;
        if (context.Request.Headers.IfNoneMatch.ToString() == file.ETag)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }
        return Results.Bytes(file.Content, file.Type);
    }

    private static FrozenDictionary<string, (byte[], string, string)> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var files = new Dictionary<string, (byte[], string, string)>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            var content = memory.ToArray();
            var name = resource[Prefix.Length..].Replace('\\', '/');
            var type = Path.GetExtension(name) switch
            {
                ".js" => "text/javascript; charset=utf-8",
                ".css" => "text/css; charset=utf-8",
                ".html" => "text/html; charset=utf-8",
                ".svg" => "image/svg+xml",
                _ => "application/octet-stream",
            };
            files[name] = (content, type, "\"" + Convert.ToHexStringLower(SHA256.HashData(content))[..16] + "\"");
        }
        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
