namespace Composable.Generators.Emit.Shared;

/// <summary>
/// A generated network's <c>Dispose(bool)</c>: TorchSharp's, then the native modules it leaves behind
/// (<c>Composable.Modules.NativeModules</c>: TorchSharp's <c>Linear</c> frees its weight and bias on disposal but not
/// its native module). Qualified in full, so that no member of the declaring class or its namespace can bind first.
/// </summary>
internal static class NetworkDisposal
{
    /// <summary>The override, after a blank line; the last member of the network class.</summary>
    public static void Emit(SourceWriter w)
    {
        w.Line();
        w.Line("/// <summary>Disposes the layers, their native modules included (TorchSharp's <c>Linear</c> leaves its own behind).</summary>");
        w.Line("protected override void Dispose(bool disposing) => global::Composable.Modules.NativeModules.Dispose(this, disposing, base.Dispose);");
    }
}
