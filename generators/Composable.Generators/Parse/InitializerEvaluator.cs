using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Threading;
using Composable.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Composable.Generators.Parse;

/// <summary>
/// Evaluates a declaration initializer into a real record value of the schema compiled into this generator,
/// using the semantic model's operations: object creations of declaration records (positional, named,
/// target-typed, defaults filled from the parameter's default value), object initializers, <c>with</c> copies of
/// declaration records, literals, constants, enum members, collection expressions and arrays, and references to
/// other static readonly declaration fields. Anything else is a CMP0001 diagnostic at that expression. Records the source location
/// of every argument by path (<c>Tasks[1].Name</c>) so that validation errors land on the argument.
/// </summary>
internal sealed class InitializerEvaluator
{
    private const string SchemaAssembly = "Composable.Declarations";
    private static readonly Assembly Schema = typeof(MultiTaskSpec).Assembly;

    private readonly Compilation _compilation;
    private readonly CancellationToken _cancellation;
    private readonly Dictionary<string, LocationInfo> _locations = new(StringComparer.Ordinal);
    private readonly List<ArgumentLocation> _orderedLocations = new();
    private readonly List<DiagnosticInfo> _errors = new();
    private readonly HashSet<IFieldSymbol> _visiting = new(SymbolEqualityComparer.Default);

    public InitializerEvaluator(Compilation compilation, CancellationToken cancellation)
    {
        _compilation = compilation;
        _cancellation = cancellation;
    }

    public IReadOnlyList<DiagnosticInfo> Errors => _errors;

    public IReadOnlyList<ArgumentLocation> Locations => _orderedLocations;

    /// <summary>The value of <paramref name="operation"/> as an instance of <paramref name="expected"/>, or null with <see cref="Errors"/>.</summary>
    public object? Evaluate(IOperation operation, Type expected, string path)
    {
        _cancellation.ThrowIfCancellationRequested();
        Record(path, operation.Syntax);

        if (operation.ConstantValue.HasValue)
            return Constant(operation.ConstantValue.Value, expected, operation, path);

        switch (operation)
        {
            case IConversionOperation conversion:
                return Evaluate(conversion.Operand, expected, path);
            case IParenthesizedOperation parenthesized:
                return Evaluate(parenthesized.Operand, expected, path);
            case IObjectCreationOperation creation:
                return Create(creation, path);
            case IWithOperation with:
                return With(with, expected, path);
            case ICollectionExpressionOperation collection:
                return List(collection.Elements, expected, path, operation);
            case IArrayCreationOperation { Initializer: { } initializer }:
                return List(initializer.ElementValues, expected, path, operation);
            case IFieldReferenceOperation { Field: { IsStatic: true, IsReadOnly: true } field }:
                return Field(field, expected, path, operation);
            case IInvocationOperation invocation when IsValueListFactory(invocation.TargetMethod):
                return ValueListFactory(invocation, expected, path);
            case IDefaultValueOperation:
                return expected.IsValueType ? Activator.CreateInstance(expected) : null;
            default:
                return Fail(operation.Syntax,
                    $"'{Shorten(operation.Syntax)}' cannot be evaluated at compile time. A declaration may use literals, constants, enum members, " +
                    "'new' of Composable declaration records and their 'with' copies, collection expressions and other static readonly declaration fields.");
        }
    }

    private object? Constant(object? value, Type expected, IOperation operation, string path)
    {
        if (value is null)
        {
            if (expected.IsValueType && Nullable.GetUnderlyingType(expected) is null)
                return Fail(operation.Syntax, $"'{Shorten(operation.Syntax)}' is null, but {Describe(path)} needs a {expected.Name}.");
            return null;
        }
        var target = Nullable.GetUnderlyingType(expected) ?? expected;
        try
        {
            if (target.IsEnum)
            {
                var member = Enum.ToObject(target, value);
                return Enum.IsDefined(target, member)
                    ? member
                    : Fail(operation.Syntax, $"'{Shorten(operation.Syntax)}' is not a member of {target.Name} ({string.Join(", ", Enum.GetNames(target))}).");
            }
            if (target == typeof(object) || target.IsInstanceOfType(value))
                return value;
            return Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException or ArgumentException)
        {
            return Fail(operation.Syntax, $"'{Shorten(operation.Syntax)}' is not a {target.Name} for {Describe(path)}.");
        }
    }

    private object? Create(IObjectCreationOperation creation, string path)
    {
        if (creation.Type is not INamedTypeSymbol type || creation.Constructor is not { } constructor)
            return Fail(creation.Syntax, $"'{Shorten(creation.Syntax)}' does not bind to a constructor.");
        var runtimeType = RuntimeType(type);
        if (runtimeType is null)
            return Fail(creation.Syntax,
                $"'{type.ToDisplayString()}' is not a Composable declaration record; a declaration is built from the records of Composable.Declarations only.");

        var names = constructor.Parameters.Select(p => p.Name).ToArray();
        var runtimeConstructor = runtimeType.GetConstructors()
            .FirstOrDefault(c => c.GetParameters().Select(p => p.Name).SequenceEqual(names));
        if (runtimeConstructor is null)
            return Fail(creation.Syntax, $"The generator's copy of '{type.Name}' has no constructor ({string.Join(", ", names)}); rebuild the generator with the same Composable version.");

        var parameters = runtimeConstructor.GetParameters();
        var values = new object?[parameters.Length];
        var failed = false;
        foreach (var argument in creation.Arguments)
        {
            if (argument.Parameter is not { } parameter) continue;
            var argumentPath = Join(path, parameter.Name);
            if (argument.ArgumentKind != ArgumentKind.DefaultValue)
                Record(argumentPath, argument.Syntax);
            var errorsBefore = _errors.Count;
            var value = Evaluate(argument.Value, parameters[parameter.Ordinal].ParameterType, argumentPath);
            if (_errors.Count > errorsBefore)
            {
                failed = true;
                continue;
            }
            if (value is null && !AcceptsNull(parameter))
            {
                Fail(argument.Syntax, $"{Describe(argumentPath)} cannot be null.");
                failed = true;
                continue;
            }
            values[parameter.Ordinal] = value;
        }
        if (failed) return null;

        object instance;
        try
        {
            instance = runtimeConstructor.Invoke(values);
        }
        catch (TargetInvocationException e)
        {
            return Fail(creation.Syntax, $"'{type.Name}' rejected its arguments: {e.InnerException?.Message ?? e.Message}");
        }

        if (creation.Initializer is { } initializer && !Initialize(instance, runtimeType, initializer, path))
            return null;
        return instance;
    }

    /// <summary>
    /// <c>record with { Member = value, … }</c> of a declaration record: a copy made by the record's own clone method,
    /// then each member set, as C# does at run time (so derived members computed at construction are copied, not
    /// recomputed). Each assigned member's location replaces the one its original value recorded.
    /// </summary>
    private object? With(IWithOperation with, Type expected, string path)
    {
        if (with.Operand.Type is not INamedTypeSymbol type || RuntimeType(type) is not { } runtimeType)
            return Fail(with.Syntax, $"'{Shorten(with.Syntax)}' copies a value that is not a Composable declaration record.");
        var errorsBefore = _errors.Count;
        var original = Evaluate(with.Operand, runtimeType, path);
        if (_errors.Count > errorsBefore) return null;
        if (original is null)
            return Fail(with.Operand.Syntax, $"'{Shorten(with.Operand.Syntax)}' is null, so it cannot be copied.");
        if (runtimeType.GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance, null, Type.EmptyTypes, null) is not { } clone)
            return Fail(with.Syntax, $"'{type.Name}' is not a record, so '{Shorten(with.Syntax)}' cannot copy it.");
        object copy;
        try
        {
            copy = clone.Invoke(original, null)!;
        }
        catch (TargetInvocationException e)
        {
            return Fail(with.Syntax, $"'{type.Name}' could not be copied: {e.InnerException?.Message ?? e.Message}");
        }
        foreach (var member in with.Initializer.Initializers)
            if (member is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property })
                Forget(Join(path, property.Property.Name));
        return Initialize(copy, copy.GetType(), with.Initializer, path) ? copy : null;
    }

    /// <summary>Drops the recorded locations of <paramref name="path"/> and everything under it, for a member a <c>with</c> replaces.</summary>
    private void Forget(string path)
    {
        bool Under(string recorded) => recorded == path || recorded.StartsWith(path + ".", StringComparison.Ordinal) || recorded.StartsWith(path + "[", StringComparison.Ordinal);
        foreach (var key in _locations.Keys.Where(Under).ToArray()) _locations.Remove(key);
        _orderedLocations.RemoveAll(l => Under(l.Path));
    }

    private bool Initialize(object instance, Type runtimeType, IObjectOrCollectionInitializerOperation initializer, string path)
    {
        var ok = true;
        foreach (var member in initializer.Initializers)
        {
            if (member is not ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } assignment ||
                runtimeType.GetProperty(property.Property.Name) is not { CanWrite: true } runtimeProperty)
            {
                Fail(member.Syntax, $"'{Shorten(member.Syntax)}' cannot be evaluated: only init-property assignments are supported in a declaration's object initializer.");
                ok = false;
                continue;
            }
            var memberPath = Join(path, property.Property.Name);
            Record(memberPath, assignment.Syntax);
            var errorsBefore = _errors.Count;
            var value = Evaluate(assignment.Value, runtimeProperty.PropertyType, memberPath);
            if (_errors.Count > errorsBefore)
            {
                ok = false;
                continue;
            }
            runtimeProperty.SetValue(instance, value);
        }
        return ok;
    }

    private object? List(IEnumerable<IOperation> elements, Type expected, string path, IOperation operation)
    {
        var elementType = ElementType(expected);
        if (elementType is null)
            return Fail(operation.Syntax, $"A collection is not expected for {Describe(path)} ({expected.Name}).");
        var items = elements.ToArray();
        var array = Array.CreateInstance(elementType, items.Length);
        var failed = false;
        for (var i = 0; i < items.Length; i++)
        {
            if (items[i] is ISpreadOperation)
            {
                Fail(items[i].Syntax, $"The spread '{Shorten(items[i].Syntax)}' cannot be evaluated; list the elements.");
                failed = true;
                continue;
            }
            var errorsBefore = _errors.Count;
            var value = Evaluate(items[i], elementType, $"{path}[{i}]");
            if (_errors.Count > errorsBefore)
            {
                failed = true;
                continue;
            }
            if (value is null && elementType.IsClass)
            {
                Fail(items[i].Syntax, $"{Describe($"{path}[{i}]")} cannot be null.");
                failed = true;
                continue;
            }
            array.SetValue(value, i);
        }
        if (failed) return null;
        if (expected.IsArray) return array;
        return typeof(ValueList).GetMethod(nameof(ValueList.From))!.MakeGenericMethod(elementType).Invoke(null, new object[] { array });
    }

    private object? ValueListFactory(IInvocationOperation invocation, Type expected, string path)
    {
        var argument = invocation.Arguments.Single();
        var elements = argument.Value switch
        {
            IArrayCreationOperation { Initializer: { } initializer } => initializer.ElementValues,
            ICollectionExpressionOperation collection => collection.Elements,
            _ => default(System.Collections.Immutable.ImmutableArray<IOperation>?),
        };
        if (elements is null)
            return Fail(invocation.Syntax, $"'{Shorten(invocation.Syntax)}' cannot be evaluated; write the elements as a collection expression.");
        return List(elements.Value, expected, path, invocation);
    }

    private object? Field(IFieldSymbol field, Type expected, string path, IOperation reference)
    {
        var declarator = field.DeclaringSyntaxReferences.Select(r => r.GetSyntax(_cancellation)).OfType<VariableDeclaratorSyntax>().FirstOrDefault();
        if (declarator?.Initializer is not { } initializer)
            return Fail(reference.Syntax, $"'{field.Name}' has no initializer in this compilation, so its value is unknown at compile time.");
        if (!_visiting.Add(field))
            return Fail(reference.Syntax, $"'{field.Name}' refers to itself through its own initializer.");
        try
        {
            var model = _compilation.GetSemanticModel(declarator.SyntaxTree);
            var operation = model.GetOperation(initializer.Value, _cancellation);
            if (operation is null)
                return Fail(initializer.Value, $"The initializer of '{field.Name}' cannot be analysed.");
            return Evaluate(operation, expected, path);
        }
        finally
        {
            _visiting.Remove(field);
        }
    }

    private static bool IsValueListFactory(IMethodSymbol method) =>
        method.ContainingType is { Name: nameof(ValueList), ContainingNamespace.Name: "Composable" } &&
        method.ContainingAssembly?.Name == SchemaAssembly &&
        method.Name is nameof(ValueList.Of) or nameof(ValueList.From) or "Create" &&
        method.Parameters.Length == 1;

    private static bool AcceptsNull(IParameterSymbol parameter) =>
        parameter.Type.NullableAnnotation == NullableAnnotation.Annotated ||
        parameter.Type.IsValueType && parameter.Type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T ||
        parameter.HasExplicitDefaultValue && parameter.ExplicitDefaultValue is null;

    private static Type? RuntimeType(INamedTypeSymbol type)
    {
        if (type.ContainingAssembly?.Name != SchemaAssembly || type.IsGenericType) return null;
        var name = type.ContainingNamespace.IsGlobalNamespace ? type.MetadataName : type.ContainingNamespace.ToDisplayString() + "." + type.MetadataName;
        return Schema.GetType(name, throwOnError: false);
    }

    private static Type? ElementType(Type expected)
    {
        if (expected.IsArray) return expected.GetElementType();
        return expected.IsGenericType && expected.GetGenericTypeDefinition() == typeof(ValueList<>) ? expected.GetGenericArguments()[0] : null;
    }

    private void Record(string path, SyntaxNode syntax)
    {
        if (_locations.ContainsKey(path)) return;
        var location = LocationInfo.From(syntax);
        _locations.Add(path, location);
        _orderedLocations.Add(new ArgumentLocation(path, location));
    }

    private object? Fail(SyntaxNode syntax, string message)
    {
        _errors.Add(new DiagnosticInfo(DeclarationErrorIds.Unevaluable, message, LocationInfo.From(syntax)));
        return null;
    }

    private static string Join(string path, string member) => path.Length == 0 ? member : path + "." + member;

    private static string Describe(string path) => path.Length == 0 ? "the declaration" : $"'{path}'";

    private static string Shorten(SyntaxNode syntax)
    {
        var text = syntax.ToString().Replace("\r", "").Replace("\n", " ");
        return text.Length <= 60 ? text : text.Substring(0, 57) + "...";
    }
}
