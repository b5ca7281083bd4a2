using System.Globalization;

namespace Composable.Generators.Emitting;

/// <summary>Small C# expressions shared by the emitters; each matches the run time's operation exactly.</summary>
internal static class Expressions
{
    /// <summary>The declared activation applied to <paramref name="x"/> (as <c>Composable.Modules.Activations.Apply</c>).</summary>
    public static string Activation(Composable.Activation activation, string x) => activation switch
    {
        Composable.Activation.Tanh => $"nn.functional.tanh({x})",
        Composable.Activation.Gelu => $"nn.functional.gelu({x})",
        Composable.Activation.Silu => $"nn.functional.silu({x})",
        Composable.Activation.Elu => $"nn.functional.elu({x}, 1.0)",
        _ => $"nn.functional.relu({x})",
    };

    /// <summary>A double literal that round-trips.</summary>
    public static string Number(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.IndexOf('.') >= 0 || text.IndexOf('E') >= 0 ? text : text + ".0";
    }

    /// <summary>XML-doc-safe text.</summary>
    public static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
