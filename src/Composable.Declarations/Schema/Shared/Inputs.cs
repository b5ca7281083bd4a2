namespace Composable
{
    /// <summary>
    /// What one example of a declaration's input is: a vector of <see cref="Features"/> or an <see cref="Image"/>.
    /// Either way examples arrive as flattened float rows of <see cref="Size"/> values.
    /// </summary>
    public abstract record InputShape
    {
        private protected InputShape()
        {
        }

        /// <summary>Floats per example row: the features, or an image's Channels·Height·Width.</summary>
        public abstract int Size { get; }

        /// <summary>Prints nothing of its own: <see cref="Size"/> follows from the declared members, which the derived records print.</summary>
        protected virtual bool PrintMembers(System.Text.StringBuilder builder) => false;
    }

    /// <summary>A dense input of <paramref name="Width"/> float features per example.</summary>
    /// <param name="Width">Number of input features; positive.</param>
    public sealed record Features(int Width) : InputShape
    {
        /// <inheritdoc />
        public override int Size => Width;
    }

    /// <summary>
    /// An image input: <paramref name="Channels"/> planes of <paramref name="Height"/>×<paramref name="Width"/> pixels,
    /// flattened channel-major into rows of Channels·Height·Width floats. A <see cref="ConvBackbone"/> reads it as an
    /// image; without a backbone the declaration's MLP reads the flattened row.
    /// </summary>
    /// <param name="Channels">Colour planes; positive (1 for glyphs).</param>
    /// <param name="Height">Rows; positive.</param>
    /// <param name="Width">Columns; positive.</param>
    public sealed record Image(int Channels, int Height, int Width) : InputShape
    {
        /// <inheritdoc />
        public override int Size => (int)System.Math.Min(int.MaxValue, (long)Channels * Height * Width);
    }
}
