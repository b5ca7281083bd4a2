using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Composable.Training;

/// <summary>
/// The dynamic symbols and their relocations of a 64-bit little-endian ELF shared library, read from its file: what
/// <see cref="MklDispatch"/> needs to find a procedure linkage table entry (section headers, <c>.dynsym</c>, its string
/// table, and the <c>SHT_RELA</c> sections that refer to it; nothing else is read).
/// </summary>
internal sealed class ElfImage
{
    private const int SectionHeaderSize = 64, SymbolSize = 24, RelocationSize = 24;
    private const uint DynamicSymbols = 11, RelocationsWithAddend = 4;
    private const uint JumpSlot = 7, GlobalData = 6;

    private readonly string _path;
    private readonly byte[] _symbols;
    private readonly byte[] _names;
    private readonly IReadOnlyList<byte[]> _relocations;

    private ElfImage(string path, byte[] symbols, byte[] names, IReadOnlyList<byte[]> relocations) =>
        (_path, _symbols, _names, _relocations) = (path, symbols, names, relocations);

    /// <summary>Reads the dynamic symbol table and its relocation sections of the ELF file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a 64-bit little-endian ELF file with a dynamic symbol table.</exception>
    public static ElfImage Read(string path)
    {
        using var file = File.OpenHandle(path);
        var header = ReadAt(file, 0, 64);
        if (!header.AsSpan(0, 4).SequenceEqual("\u007fELF"u8) || header[4] != 2 || header[5] != 1)
            throw new InvalidDataException($"{path} is not a 64-bit little-endian ELF file");
        var sectionTable = (long)BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(0x28));
        var sectionCount = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(0x3C));
        var table = ReadAt(file, sectionTable, sectionCount * SectionHeaderSize);
        var sections = Enumerable.Range(0, sectionCount)
            .Select(i => Section.Parse(table.AsSpan(i * SectionHeaderSize, SectionHeaderSize))).ToList();
        var dynsym = sections.FindIndex(s => s.Type == DynamicSymbols);
        if (dynsym < 0) throw new InvalidDataException($"{path} has no dynamic symbol table");
        var strings = sections[(int)sections[dynsym].Link];
        return new ElfImage(path,
            ReadAt(file, sections[dynsym].Offset, checked((int)sections[dynsym].Size)),
            ReadAt(file, strings.Offset, checked((int)strings.Size)),
            sections.Where(s => s.Type == RelocationsWithAddend && s.Link == dynsym)
                .Select(s => ReadAt(file, s.Offset, checked((int)s.Size))).ToList());
    }

    /// <summary>The value (address before load) of the dynamic symbol <paramref name="name"/>.</summary>
    /// <exception cref="InvalidDataException">The file has no such dynamic symbol.</exception>
    public ulong SymbolValue(string name) =>
        BinaryPrimitives.ReadUInt64LittleEndian(_symbols.AsSpan(SymbolIndex(name) * SymbolSize + 8));

    /// <summary>The offsets (before load) of the jump-slot and global-data entries that <paramref name="name"/> is bound through.</summary>
    public IReadOnlyList<ulong> RelocationSlots(string name)
    {
        var symbol = (ulong)SymbolIndex(name);
        var slots = new List<ulong>();
        foreach (var section in _relocations)
        {
            for (var at = 0; at + RelocationSize <= section.Length; at += RelocationSize)
            {
                var info = BinaryPrimitives.ReadUInt64LittleEndian(section.AsSpan(at + 8));
                if (info >> 32 == symbol && (uint)info is JumpSlot or GlobalData)
                    slots.Add(BinaryPrimitives.ReadUInt64LittleEndian(section.AsSpan(at)));
            }
        }
        return slots;
    }

    private int SymbolIndex(string name)
    {
        var wanted = Encoding.ASCII.GetBytes(name);
        for (var i = 1; (i + 1) * SymbolSize <= _symbols.Length; i++)
        {
            var at = (int)BinaryPrimitives.ReadUInt32LittleEndian(_symbols.AsSpan(i * SymbolSize));
            if (at + wanted.Length < _names.Length && _names[at + wanted.Length] == 0
                && _names.AsSpan(at, wanted.Length).SequenceEqual(wanted))
                return i;
        }
        throw new InvalidDataException($"{_path} has no dynamic symbol {name}");
    }

    private static byte[] ReadAt(SafeFileHandle file, long offset, int length)
    {
        var bytes = new byte[length];
        var read = 0;
        while (read < length)
        {
            var n = RandomAccess.Read(file, bytes.AsSpan(read), offset + read);
            if (n == 0) throw new InvalidDataException($"ELF file ends at {offset + read}, inside a table of {length} bytes at {offset}");
            read += n;
        }
        return bytes;
    }

    private readonly record struct Section(uint Type, long Offset, long Size, uint Link)
    {
        public static Section Parse(ReadOnlySpan<byte> header) => new(
            BinaryPrimitives.ReadUInt32LittleEndian(header[4..]),
            (long)BinaryPrimitives.ReadUInt64LittleEndian(header[0x18..]),
            (long)BinaryPrimitives.ReadUInt64LittleEndian(header[0x20..]),
            BinaryPrimitives.ReadUInt32LittleEndian(header[0x28..]));
    }
}
