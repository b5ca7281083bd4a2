using System.Collections.Generic;
using System.Text;

namespace Composable
{
    /// <summary>Names derived from task names: identifier checks and PyTorch-style snake_case.</summary>
    public static class Naming
    {
        private static readonly HashSet<string> Keywords = new HashSet<string>
        {
            "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
            "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit",
            "extern", "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int",
            "interface", "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out",
            "override", "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed",
            "short", "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try",
            "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
        };

        /// <summary>Member names the generated Batch/Outputs/Losses types use themselves.</summary>
        public static readonly IReadOnlyCollection<string> Reserved = new[]
        {
            "Total", "Tasks", "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Deconstruct",
            "EqualityContract", "Clone", "Dispose", "Names", "Penalty",
        };

        /// <summary>Whether <paramref name="name"/> is a plain C# identifier (ASCII letters, digits, '_') and no keyword.</summary>
        public static bool IsIdentifier(string? name)
        {
            if (string.IsNullOrEmpty(name)) return false;
            var first = name![0];
            if (!(IsAsciiLetter(first) || first == '_')) return false;
            foreach (var c in name)
                if (!(IsAsciiLetter(c) || (c >= '0' && c <= '9') || c == '_'))
                    return false;
            return !Keywords.Contains(name);
        }

        /// <summary><c>MaritalStatus</c> → <c>marital_status</c>, <c>HTTPCode</c> → <c>http_code</c>.</summary>
        public static string ToSnakeCase(string name)
        {
            var sb = new StringBuilder(name.Length + 4);
            for (var i = 0; i < name.Length; i++)
            {
                var c = name[i];
                if (char.IsUpper(c))
                {
                    var previous = i > 0 ? name[i - 1] : '_';
                    var next = i + 1 < name.Length ? name[i + 1] : '_';
                    var boundary = i > 0 && previous != '_' &&
                                   (char.IsLower(previous) || char.IsDigit(previous) || (char.IsUpper(previous) && char.IsLower(next)));
                    if (boundary) sb.Append('_');
                    sb.Append(char.ToLowerInvariant(c));
                }
                else
                {
                    sb.Append(c);
                }
            }
            return sb.ToString();
        }

        /// <summary>camelCase of a PascalCase identifier, escaped with '@' if it becomes a keyword.</summary>
        public static string ToCamelCase(string name)
        {
            if (name.Length == 0 || !char.IsUpper(name[0])) return Keywords.Contains(name) ? "@" + name : name;
            var camel = char.ToLowerInvariant(name[0]) + name.Substring(1);
            return Keywords.Contains(camel) ? "@" + camel : camel;
        }

        private static bool IsAsciiLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
