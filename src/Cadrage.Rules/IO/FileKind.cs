using System.Runtime.InteropServices;

namespace Cadrage.Rules.IO;

/// <summary>What a file system entry (an inbox entry, a rule file) really is (symbolic links followed): only a regular file is ever opened.</summary>
public enum FileKindValue
{
    Regular,
    Directory,
    /// <summary>A FIFO, a device, a socket: opening it may block forever or never end.</summary>
    Special,
    /// <summary>Gone, or a dangling link.</summary>
    Missing,
}

/// <summary>
/// Tells a regular file from a FIFO, a device or a socket without opening it (opening a FIFO blocks until a
/// writer comes). On Linux and macOS it asks the .NET runtime's own native shim (<c>SystemNative_Stat</c>, whose
/// status record starts with two 32-bit fields, flags then <c>st_mode</c>, on every architecture); elsewhere, or if
/// the shim is unavailable, every non-directory entry counts as regular and the bounded read protects the worker.
/// </summary>
public static class FileKind
{
    private const int TypeMask = 0xF000;
    private const int RegularType = 0x8000;
    private const int DirectoryType = 0x4000;
    private const int FifoType = 0x1000;
    private const int CharacterDeviceType = 0x2000;
    private const int BlockDeviceType = 0x6000;
    private const int SocketType = 0xC000;

    private static bool _nativeUnavailable = OperatingSystem.IsWindows();

    public static FileKindValue Of(string path) => Describe(path).Kind;

    /// <summary>The kind and, for a special file, its French name (« tube nommé (FIFO) »…).</summary>
    public static (FileKindValue Kind, string Description) Describe(string path)
    {
        if (!Volatile.Read(ref _nativeUnavailable))
        {
            try
            {
                var status = new byte[256]; // the runtime's FileStatus is about 120 bytes; room to spare
                if (Stat(path, status) != 0)
                {
                    return (FileKindValue.Missing, "introuvable");
                }
                var mode = BitConverter.ToInt32(status, 4) & TypeMask;
                return mode switch
                {
                    RegularType => (FileKindValue.Regular, "fichier"),
                    DirectoryType => (FileKindValue.Directory, "dossier"),
                    FifoType => (FileKindValue.Special, "tube nommé (FIFO)"),
                    CharacterDeviceType => (FileKindValue.Special, "périphérique en mode caractère"),
                    BlockDeviceType => (FileKindValue.Special, "périphérique en mode bloc"),
                    SocketType => (FileKindValue.Special, "socket"),
                    _ => (FileKindValue.Special, "fichier spécial"),
                };
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                Volatile.Write(ref _nativeUnavailable, true);
            }
        }
        if (Directory.Exists(path))
        {
            return (FileKindValue.Directory, "dossier");
        }
        return File.Exists(path) ? (FileKindValue.Regular, "fichier") : (FileKindValue.Missing, "introuvable");
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", SetLastError = true)]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] status);
}
