namespace Composable;
/// <summary>temp</summary>
public static class Smoke
{
    /// <summary>temp</summary>
    public static float Sum() { using var t = TorchSharp.torch.ones(3); return t.sum().item<float>(); }
}
