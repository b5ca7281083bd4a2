namespace Composable.Checkpoints;

/// <summary>How one entry of a file and a module's state dict disagree.</summary>
public enum StateDictProblemKind
{
    /// <summary>The module has the entry; the file does not.</summary>
    Missing,

    /// <summary>The file has the entry; the module does not.</summary>
    Unexpected,

    /// <summary>Both have it, with a different dtype or shape.</summary>
    Mismatched,

    /// <summary>Two file entries map to the same module name.</summary>
    Duplicate,
}

/// <summary>One disagreement between a checkpoint and a module's parameters and buffers.</summary>
/// <param name="Kind">What is wrong.</param>
/// <param name="Name">The module's name for the entry (after the name mapping).</param>
/// <param name="FileName">The file's name for the entry, when the file has it and it differs from <paramref name="Name"/>.</param>
/// <param name="Expected">The module's layout, when the module has the entry.</param>
/// <param name="Found">The file's layout, when the file has the entry.</param>
public sealed record StateDictProblem(StateDictProblemKind Kind, string Name, string? FileName, TensorLayout? Expected, TensorLayout? Found)
{
    /// <summary>Reads like <c>mismatched 'fc.bias': expected Float32[3], found Float32[4]</c>.</summary>
    public override string ToString()
    {
        var name = FileName is null ? $"'{Name}'" : $"'{Name}' (file: '{FileName}')";
        return Kind switch
        {
            StateDictProblemKind.Missing => $"missing {name}: expected {Expected}, not in the file",
            StateDictProblemKind.Unexpected => $"unexpected {name}: found {Found}, not in the module",
            StateDictProblemKind.Mismatched => $"mismatched {name}: expected {Expected}, found {Found}",
            _ => $"duplicate {name}: a second file entry maps to this name",
        };
    }
}
