using System.Buffers;

namespace Cadrage.Rules.Worker.Batch;

/// <summary>
/// A growable byte buffer rented from the shared array pool: a batch serializes each result into one, the writer
/// copies it to the file and returns it, so 35,000 results of 20 KB do not become 35,000 garbage arrays.
/// </summary>
public sealed class PooledBuffer : IBufferWriter<byte>, IDisposable
{
    private byte[] _array;
    private int _written;

    public PooledBuffer(int initialSize = 32 * 1024) => _array = ArrayPool<byte>.Shared.Rent(initialSize);

    public ReadOnlyMemory<byte> Written => _array.AsMemory(0, _written);

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _array.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _array.AsSpan(_written);
    }

    /// <summary>Forgets what was written, keeping the array (a writer reuses one buffer line after line).</summary>
    public void Clear() => _written = 0;

    public void Write(byte value)
    {
        Ensure(1);
        _array[_written++] = value;
    }

    private void Ensure(int sizeHint)
    {
        var needed = _written + Math.Max(sizeHint, 1);
        if (needed <= _array.Length)
        {
            return;
        }
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _array.Length * 2));
        _array.AsSpan(0, _written).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_array);
        _array = bigger;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_array);
        _array = [];
        _written = 0;
    }
}
