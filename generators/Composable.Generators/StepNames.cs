namespace Composable.Generators;

/// <summary>Tracking names of the pipeline steps, so tests can assert what was cached.</summary>
internal static class StepNames
{
    public const string Parse = nameof(Parse);
    public const string Validate = nameof(Validate);
    public const string Emit = nameof(Emit);
    public const string MetaParse = nameof(MetaParse);
    public const string MetaValidate = nameof(MetaValidate);
    public const string MetaEmit = nameof(MetaEmit);
    public const string FewShotParse = nameof(FewShotParse);
    public const string FewShotValidate = nameof(FewShotValidate);
    public const string FewShotEmit = nameof(FewShotEmit);
}
