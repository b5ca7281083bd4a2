using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Composable.Training;

/// <summary>One mapping of this process, a line of <c>/proc/self/maps</c> (Linux only).</summary>
/// <param name="Start">The first address of the mapping.</param>
/// <param name="End">The address after its last.</param>
/// <param name="Writable">Whether the mapping may be written.</param>
/// <param name="Path">The file it maps, or empty.</param>
internal sealed record MemoryMap(nint Start, nint End, bool Writable, string Path)
{
    /// <summary>Whether <paramref name="address"/> lies in the mapping.</summary>
    public bool Contains(nint address) => address >= Start && address < End;

    /// <summary>The process's mappings now, read afresh.</summary>
    public static IReadOnlyList<MemoryMap> Read() => File.ReadLines("/proc/self/maps").Select(Parse).ToList();

    private static MemoryMap Parse(string line)
    {
        var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
        var range = fields[0].Split('-');
        return new MemoryMap(
            (nint)Convert.ToInt64(range[0], 16), (nint)Convert.ToInt64(range[1], 16),
            fields[1].Length > 1 && fields[1][1] == 'w', fields.Length > 5 ? fields[5].Trim() : "");
    }
}
