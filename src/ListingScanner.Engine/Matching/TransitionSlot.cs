using System.Runtime.InteropServices;

namespace ListingScanner.Engine.Matching;

/// <summary>
/// One cell of the packed transition table (see README.md, "Memory layout"). A state's row starts at its base
/// index; the cell at <c>base + class</c> belongs to the state only if <see cref="Owner"/> equals the state's value.
/// </summary>
/// <remarks>
/// Owner and target sit side by side so a transition costs one 8-byte load. The cell at <c>base + 0</c> of every
/// state is its header: <see cref="Owner"/> is <see cref="NotOwned"/> (class 0 never has a transition of its own)
/// and <see cref="Target"/> holds the state's ordinal, which indexes <see cref="StateInfo"/>.
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
internal struct TransitionSlot
{
    /// <summary>Owner of free cells and header cells. No state value is ever -1 (that would need base 2^30 - 1).</summary>
    public const int NotOwned = -1;

    /// <summary>Value of the state whose row this cell belongs to, or <see cref="NotOwned"/>.</summary>
    public int Owner;

    /// <summary>Value of the next state; for a header cell, the state's ordinal.</summary>
    public int Target;
}

/// <summary>What the search needs about a state only when something unusual happens there (a match, a pending candidate, a fallback).</summary>
/// <param name="Depth">Length of the pattern prefix the state stands for.</param>
/// <param name="OutputStart">First index into the flat output array of the patterns that end in this state.</param>
/// <param name="OutputCount">How many patterns end in this state, longest first.</param>
/// <param name="FailState">Value of the failure state, where a fallback state continues after a miss.</param>
internal readonly record struct StateInfo(int Depth, int OutputStart, int OutputCount, int FailState);
