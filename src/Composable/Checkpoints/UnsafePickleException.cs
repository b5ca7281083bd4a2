using System.Collections.Generic;

namespace Composable.Checkpoints;

/// <summary>
/// A PyTorch file's pickle references something other than tensors and plain containers: a function or class that
/// unpickling would call (<c>posix.system</c>, <c>__builtin__.eval</c>, <c>__main__.Evil</c> …). Refused before any of
/// the pickle is run.
/// </summary>
public sealed class UnsafePickleException : CheckpointFormatException
{
    /// <summary>An exception for <paramref name="path"/> naming every refused reference.</summary>
    /// <param name="path">The file that was read.</param>
    /// <param name="refused">Each refused global as <c>module.name</c>, or a description of an unresolvable reference.</param>
    public UnsafePickleException(string path, IReadOnlyList<string> refused)
        : base(path, $"refused to load: its pickle references {string.Join(", ", refused)}. Only tensors and plain containers "
               + "(dicts, lists, tuples, strings, numbers, booleans, None) are loaded, as PyTorch's weights_only=True does; "
               + "re-save the file with torch.save(model.state_dict(), path) or as .safetensors.")
    {
        Refused = refused;
    }

    /// <summary>Every refused reference, in the order the pickle makes them.</summary>
    public IReadOnlyList<string> Refused { get; }
}
