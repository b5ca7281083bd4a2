namespace Composable.Generators.Model;

/// <summary>A stage's value (absent when the stage could not produce one) with its diagnostics.</summary>
internal sealed record Result<T>(T? Value, EquatableArray<DiagnosticInfo> Diagnostics)
    where T : class
{
    public static Result<T> Ok(T value) => new(value, EquatableArray<DiagnosticInfo>.Empty);

    public static Result<T> Fail(params DiagnosticInfo[] diagnostics) => new(null, new EquatableArray<DiagnosticInfo>(diagnostics));
}
