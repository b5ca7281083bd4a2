namespace Composable
{
    /// <summary>
    /// One thing wrong with a declaration: a stable id (<c>CMP0003</c>…), a message that names the task or
    /// argument, and the path of the offending argument (<c>Tasks[1].Name</c>) so that the generator can
    /// report it at that argument's source location and the run time can name it in an error.
    /// </summary>
    /// <param name="Id">Diagnostic id, one of <see cref="DeclarationErrorIds"/>.</param>
    /// <param name="Message">What is wrong, naming the task/argument and the accepted values.</param>
    /// <param name="Path">Constructor-argument path from the declaration root, e.g. <c>Sharing.At[1]</c>.</param>
    public sealed record DeclarationError(string Id, string Message, string Path)
    {
        /// <inheritdoc />
        public override string ToString() => $"{Id} at {Path}: {Message}";
    }
}
