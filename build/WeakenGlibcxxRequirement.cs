// MSBuild inline task (RoslynCodeTaskFactory): marks one GLIBCXX version requirement of
// libLibTorchSharp.so weak in the build output, when the system libstdc++ lacks that version.
using System;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class WeakenGlibcxxRequirement : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    private static readonly string[] SystemLibstdcxx =
    {
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6",
    };

    [Required] public string Directory { get; set; } = "";
    [Required] public string Version { get; set; } = "";

    public override bool Execute()
    {
        var system = SystemLibstdcxx.FirstOrDefault(File.Exists);
        if (system == null || Contains(File.ReadAllBytes(system), Encoding.ASCII.GetBytes(Version + "\0")))
            return true;
        if (!System.IO.Directory.Exists(Directory))
            return true;
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "libLibTorchSharp.so", SearchOption.AllDirectories))
        {
            try
            {
                var bytes = File.ReadAllBytes(path);
                var changed = Weaken(bytes, Version);
                if (changed)
                {
                    File.WriteAllBytes(path, bytes);
                    Log.LogMessage(MessageImportance.Normal, $"Marked {Version} weak in {path} (system libstdc++ lacks it).");
                }
            }
            catch (Exception e)
            {
                Log.LogWarning($"Could not mark {Version} weak in {path}: {e.Message}. The first torch call may fail to load libLibTorchSharp.so.");
            }
        }
        return !Log.HasLoggedErrors;
    }

    private static bool Contains(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Length; i++)
        {
            var j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return true;
        }
        return false;
    }

    /// <summary>Returns true when a flag was changed; false when already weak or not required.</summary>
    private static bool Weaken(byte[] elf, string version)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("only little-endian ELF64 is handled");

        var shoff = (long)BitConverter.ToUInt64(elf, 0x28);
        var shentsize = BitConverter.ToUInt16(elf, 0x3A);
        var shnum = BitConverter.ToUInt16(elf, 0x3C);
        var changed = false;
        for (var s = 0; s < shnum; s++)
        {
            var sh = shoff + s * shentsize;
            if (BitConverter.ToUInt32(elf, (int)sh + 4) != ShtGnuVerneed) continue;
            var offset = (long)BitConverter.ToUInt64(elf, (int)sh + 0x18);
            var link = BitConverter.ToUInt32(elf, (int)sh + 0x28);
            var strtab = (long)BitConverter.ToUInt64(elf, (int)(shoff + link * shentsize) + 0x18);

            var verneed = offset;
            while (true)
            {
                var count = BitConverter.ToUInt16(elf, (int)verneed + 2);
                var aux = verneed + BitConverter.ToUInt32(elf, (int)verneed + 8);
                for (var a = 0; a < count; a++)
                {
                    var name = ReadString(elf, strtab + BitConverter.ToUInt32(elf, (int)aux + 8));
                    if (name == version)
                    {
                        var flags = BitConverter.ToUInt16(elf, (int)aux + 4);
                        if ((flags & VerFlgWeak) == 0)
                        {
                            var weak = BitConverter.GetBytes((ushort)(flags | VerFlgWeak));
                            elf[aux + 4] = weak[0];
                            elf[aux + 5] = weak[1];
                            changed = true;
                        }
                    }
                    var nextAux = BitConverter.ToUInt32(elf, (int)aux + 12);
                    if (nextAux == 0) break;
                    aux += nextAux;
                }
                var next = BitConverter.ToUInt32(elf, (int)verneed + 12);
                if (next == 0) break;
                verneed += next;
            }
        }
        return changed;
    }

    private static string ReadString(byte[] bytes, long offset)
    {
        var end = offset;
        while (bytes[end] != 0) end++;
        return Encoding.ASCII.GetString(bytes, (int)offset, (int)(end - offset));
    }
}
