namespace EdgeBlocker.Fuzz;

/// <summary>
/// One fuzz target: takes arbitrary bytes and returns normally, or throws when the code under test broke its contract
/// (an exception escaped a boundary that promises none, or an <see cref="InvariantViolationException"/>).
/// Afl-fuzz records every throw as a crash.
/// </summary>
internal interface IFuzzTarget
{
    void Run(byte[] input);
}
