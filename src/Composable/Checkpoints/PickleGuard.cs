using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Composable.Checkpoints;

/// <summary>
/// Walks a pickle's opcodes without running them and lists every global it would look up (GLOBAL, INST and
/// STACK_GLOBAL), refusing those not on the allow-list: the tensor rebuild functions, storages and
/// <c>collections.OrderedDict</c> that a <c>torch.save</c>d state dict needs. Containers, strings, numbers, booleans
/// and None are opcodes of their own and need no global. A STACK_GLOBAL whose operands are not literal strings,
/// and the extension-registry opcodes, are refused too, since what they name cannot be known without running the
/// pickle.
/// </summary>
/// <remarks>
/// Needed because the unpickler TorchSharp.PyBridge uses (Razorvine.Pickle) accepts any global, standing in a
/// placeholder for an unknown class: it runs no Python, but it would hand back objects no state dict contains
/// instead of saying the file is not what it claims.
/// </remarks>
internal static class PickleGuard
{
    private static readonly string[] StorageTypes =
    [
        "DoubleStorage", "FloatStorage", "HalfStorage", "BFloat16Storage", "LongStorage", "IntStorage", "ShortStorage",
        "CharStorage", "ByteStorage", "BoolStorage",
    ];

    /// <summary>Every global a state-dict pickle may reference.</summary>
    public static IReadOnlySet<string> Allowed { get; } = new HashSet<string>(
        new[] { "collections.OrderedDict", "torch._utils._rebuild_tensor", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_parameter" }
            .Concat(StorageTypes.Select(s => "torch." + s)),
        StringComparer.Ordinal);

    /// <summary>The refused references of <paramref name="pickle"/>, in order (empty when it is safe to load).</summary>
    /// <exception cref="FormatException">The pickle is truncated or has an unknown opcode.</exception>
    public static IReadOnlyList<string> Refusals(ReadOnlySpan<byte> pickle)
    {
        var refused = new List<string>();
        var memo = new Dictionary<long, string?>();
        // The two most recent pushes, when they were literal strings (null otherwise): STACK_GLOBAL's operands.
        (string? Below, string? Top) pushed = (null, null);
        var position = 0;
        while (true)
        {
            if (position >= pickle.Length) throw new FormatException("the pickle ends without a STOP opcode (truncated).");
            var opcode = pickle[position++];
            string? pushedString = null;
            var neutral = false;
            switch (opcode)
            {
                case (byte)'.':
                    return refused;
                case (byte)'c' or (byte)'i':
                    var module = Line(pickle, ref position);
                    Check(module + "." + Line(pickle, ref position), refused);
                    break;
                case 0x93:
                    Check(pushed is ({ } m, { } n) ? m + "." + n : "a STACK_GLOBAL whose module and name are not literal strings", refused);
                    break;
                case 0x82 or 0x83 or 0x84:
                    Skip(pickle, ref position, opcode == 0x82 ? 1 : opcode == 0x83 ? 2 : 4);
                    refused.Add("an extension-registry code (EXT opcode)");
                    break;
                case (byte)'S' or (byte)'V':
                    pushedString = Unquote(Line(pickle, ref position));
                    break;
                case (byte)'U' or 0x8c:
                    pushedString = Text(pickle, ref position, Length(pickle, ref position, 1));
                    break;
                case (byte)'T' or (byte)'X':
                    pushedString = Text(pickle, ref position, Length(pickle, ref position, 4));
                    break;
                case 0x8d:
                    pushedString = Text(pickle, ref position, Length(pickle, ref position, 8));
                    break;
                case (byte)'h' or (byte)'j' or (byte)'g':
                    var key = opcode == (byte)'g' ? long.Parse(Line(pickle, ref position), System.Globalization.CultureInfo.InvariantCulture)
                        : Length(pickle, ref position, opcode == (byte)'h' ? 1 : 4);
                    pushedString = memo.GetValueOrDefault(key);
                    break;
                case 0x94:
                    memo[memo.Count] = pushed.Top;
                    neutral = true;
                    break;
                case (byte)'q' or (byte)'r' or (byte)'p':
                    var index = opcode == (byte)'p' ? long.Parse(Line(pickle, ref position), System.Globalization.CultureInfo.InvariantCulture)
                        : Length(pickle, ref position, opcode == (byte)'q' ? 1 : 4);
                    memo[index] = pushed.Top;
                    neutral = true;
                    break;
                case 0x95:
                    Skip(pickle, ref position, 8);
                    neutral = true;
                    break;
                default:
                    SkipArgument(pickle, ref position, opcode);
                    break;
            }
            if (!neutral) pushed = (pushed.Top, pushedString);
        }
    }

    private static void Check(string global, List<string> refused)
    {
        if (!Allowed.Contains(global)) refused.Add(global);
    }

    /// <summary>Skips the argument of an opcode that neither names a global nor pushes a string.</summary>
    private static void SkipArgument(ReadOnlySpan<byte> pickle, ref int position, byte opcode)
    {
        switch (opcode)
        {
            case (byte)'(' or (byte)'0' or (byte)'1' or (byte)'2' or (byte)'N' or (byte)'Q' or (byte)'R' or (byte)'a'
                or (byte)'b' or (byte)'d' or (byte)'}' or (byte)'e' or (byte)'l' or (byte)']' or (byte)'o' or (byte)'s'
                or (byte)'t' or (byte)')' or (byte)'u' or 0x81 or 0x85 or 0x86 or 0x87 or 0x88 or 0x89 or 0x8f or 0x90
                or 0x91 or 0x92 or 0x97 or 0x98:
                return;
            case (byte)'K' or 0x80:
                Skip(pickle, ref position, 1);
                return;
            case (byte)'M':
                Skip(pickle, ref position, 2);
                return;
            case (byte)'J':
                Skip(pickle, ref position, 4);
                return;
            case (byte)'G':
                Skip(pickle, ref position, 8);
                return;
            case (byte)'F' or (byte)'I' or (byte)'L' or (byte)'P':
                Line(pickle, ref position);
                return;
            case (byte)'C' or 0x8a:
                Skip(pickle, ref position, Length(pickle, ref position, 1));
                return;
            case (byte)'B' or 0x8b:
                Skip(pickle, ref position, Length(pickle, ref position, 4));
                return;
            case 0x8e or 0x96:
                Skip(pickle, ref position, Length(pickle, ref position, 8));
                return;
            default:
                throw new FormatException($"the pickle has an unknown opcode 0x{opcode:x2} at byte {position - 1}.");
        }
    }

    private static long Length(ReadOnlySpan<byte> pickle, ref int position, int bytes)
    {
        var field = Take(pickle, ref position, bytes);
        return bytes switch
        {
            1 => field[0],
            2 => BinaryPrimitives.ReadUInt16LittleEndian(field),
            4 => BinaryPrimitives.ReadUInt32LittleEndian(field),
            _ => (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(field), long.MaxValue),
        };
    }

    private static void Skip(ReadOnlySpan<byte> pickle, ref int position, long bytes) => Take(pickle, ref position, bytes);

    private static string Text(ReadOnlySpan<byte> pickle, ref int position, long bytes) =>
        Encoding.UTF8.GetString(Take(pickle, ref position, bytes));

    private static ReadOnlySpan<byte> Take(ReadOnlySpan<byte> pickle, ref int position, long bytes)
    {
        if (bytes > pickle.Length - position) throw new FormatException($"the pickle is truncated at byte {position}.");
        var taken = pickle.Slice(position, (int)bytes);
        position += (int)bytes;
        return taken;
    }

    private static string Line(ReadOnlySpan<byte> pickle, ref int position)
    {
        var end = pickle[position..].IndexOf((byte)'\n');
        if (end < 0) throw new FormatException($"the pickle is truncated at byte {position} (a line argument has no end).");
        var text = Encoding.UTF8.GetString(pickle.Slice(position, end));
        position += end + 1;
        return text;
    }

    private static string Unquote(string text) =>
        text.Length >= 2 && (text[0] == '\'' || text[0] == '"') && text[^1] == text[0] ? text[1..^1] : text;
}
