namespace Cadrage.Rules.Worker.Cli;

/// <summary>Writes a file so that readers never see it half-written: temp file in the same folder, then rename.</summary>
public static class AtomicFile
{
    /// <summary>Ending of the temp files; leftovers of a killed process are cleaned at start.</summary>
    public const string TempSuffix = ".cadrage-tmp";

    public static void Write(string path, string content) => Write(path, content, new System.Text.UTF8Encoding(false));

    public static void Write(string path, string content, System.Text.Encoding encoding)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N")[..8] + TempSuffix);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            using (var writer = new StreamWriter(stream, encoding))
            {
                writer.Write(content);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
