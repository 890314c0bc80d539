namespace Cadrage.Rules.Worker.Service;

/// <summary>
/// Records a background service that crashed. The generic host stops but still exits 0 in .NET 10:
/// <c>cadrage serve</c> reads this to return a failing exit code.
/// </summary>
public sealed class ServiceHealth
{
    private int _failed;

    public bool Failed => Volatile.Read(ref _failed) == 1;

    public void Fail() => Interlocked.Exchange(ref _failed, 1);
}
