namespace Composable
{
    /// <summary>A dense input of <paramref name="Width"/> float features per example.</summary>
    /// <param name="Width">Number of input features; positive.</param>
    public sealed record Features(int Width);
}
