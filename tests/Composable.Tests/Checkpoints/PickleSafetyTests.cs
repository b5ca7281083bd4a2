using System;
using System.Collections;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using Composable.Checkpoints;
using TorchSharp.PyBridge;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Checkpoints;

/// <summary>
/// A .pt file is a zip holding a pickle, and unpickling can call any function the pickle names. Only the globals a
/// state dict needs are let through; the malicious fixtures (made by <c>Fixtures/make_fixture.py</c>, harmless to
/// make) name <c>posix.system</c>, <c>builtins.eval</c> (which protocol 2 spells <c>__builtin__.eval</c>) and a class of the script, <c>__main__.Evil</c>.
/// </summary>
public sealed class PickleSafetyTests : IDisposable
{
    private readonly CheckpointFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Theory]
    [InlineData("malicious_posix_system.pt", "posix.system")]
    [InlineData("malicious_builtins_eval.pt", "__builtin__.eval")] // protocol 2 spells builtins the Python 2 way
    [InlineData("malicious_main_evil.pt", "__main__.Evil")]
    public void Pickle_naming_anything_but_tensors_and_containers_is_refused_naming_it(string file, string global)
    {
        var path = CheckpointFolder.Fixture(file);
        var module = nn.Linear(2, 1);
        var before = CheckpointFolder.Bytes(module.weight!);

        var error = Assert.Throws<UnsafePickleException>(() => ModuleCheckpoint.Load(module, path));

        Assert.Equal([global], error.Refused);
        Assert.Contains(global, error.Message, StringComparison.Ordinal);
        Assert.Equal(path, error.FilePath);
        Assert.Equal(before, CheckpointFolder.Bytes(module.weight!));
    }

    [Fact]
    public void PyBridge_alone_hands_back_a_placeholder_for_an_arbitrary_class_which_is_why_the_guard_runs_first()
    {
        using var file = File.OpenRead(CheckpointFolder.Fixture("malicious_main_evil.pt"));

        Hashtable loaded = PyTorchUnpickler.UnpickleStateDict(file);

        Assert.IsNotType<Tensor>(loaded["extra"]);
        Assert.NotNull(loaded["extra"]);
    }

    [Fact]
    public void The_state_dict_fixture_needs_only_allowed_globals()
    {
        Assert.Empty(PickleGuard.Refusals(DataPickle(CheckpointFolder.Fixture("model.pt"))));
    }

    private static byte[] DataPickle(string path)
    {
        using var archive = ZipFile.OpenRead(path);
        using var stream = archive.Entries.Single(e => e.Name == "data.pkl").Open();
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }

    /// <summary>A protocol-4 pickle: PROTO 4, the given opcodes, STOP.</summary>
    private static byte[] Pickle(params object[] parts) =>
        new byte[] { 0x80, 4 }.Concat(parts.SelectMany(p => p switch
        {
            string s => new byte[] { 0x8c, (byte)Encoding.UTF8.GetByteCount(s) }.Concat(Encoding.UTF8.GetBytes(s)),
            byte b => [b],
            byte[] bs => bs,
            _ => throw new ArgumentException("part"),
        })).Append((byte)'.').ToArray();

    private const byte StackGlobal = 0x93, Memoize = 0x94, BinGet = (byte)'h', EmptyTuple = (byte)')', Reduce = (byte)'R', Pop = (byte)'0';

    [Fact]
    public void Stack_global_is_resolved_from_literal_and_memoised_strings()
    {
        Assert.Equal(["os.system"], PickleGuard.Refusals(Pickle("os", "system", StackGlobal, EmptyTuple, Reduce)));
        Assert.Equal(["nt.system"], PickleGuard.Refusals(Pickle("nt", Memoize, "system", Memoize, Pop, Pop, new byte[] { BinGet, 0, BinGet, 1 }, StackGlobal)));
        Assert.Empty(PickleGuard.Refusals(Pickle("collections", "OrderedDict", StackGlobal, EmptyTuple, Reduce)));
    }

    [Fact]
    public void Stack_global_whose_operands_are_not_literal_strings_is_refused()
    {
        var refused = PickleGuard.Refusals(Pickle("os", EmptyTuple, StackGlobal));

        Assert.Equal(["a STACK_GLOBAL whose module and name are not literal strings"], refused);
    }

    [Fact]
    public void Protocol_zero_globals_and_extension_codes_are_checked()
    {
        Assert.Equal(["subprocess.Popen"], PickleGuard.Refusals(Encoding.ASCII.GetBytes("csubprocess\nPopen\n(S'ls'\ntR.")));
        Assert.Equal(["__main__.Evil"], PickleGuard.Refusals(Encoding.ASCII.GetBytes("(i__main__\nEvil\n.")));
        Assert.Equal(["an extension-registry code (EXT opcode)"], PickleGuard.Refusals(Pickle(new byte[] { 0x82, 1 })));
    }

    [Fact]
    public void Truncated_or_unknown_pickle_is_a_format_error()
    {
        Assert.Throws<FormatException>(() => PickleGuard.Refusals(new byte[] { 0x80, 2, 0x8c, 10, (byte)'a' }));
        Assert.Throws<FormatException>(() => PickleGuard.Refusals(new byte[] { 0x80, 2, 0xff, (byte)'.' }));
        Assert.Throws<FormatException>(() => PickleGuard.Refusals(new byte[] { 0x80, 2, (byte)']' }));
    }

    [Fact]
    public void File_that_is_not_a_zip_is_refused_as_legacy_or_corrupt()
    {
        var path = folder.File("legacy.pt");
        File.WriteAllBytes(path, [0x80, 2, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, (byte)'.']);

        var error = Assert.Throws<CheckpointFormatException>(() => PyTorchFile.ReadStateDict(path));

        Assert.Contains("not a zip archive", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_pickle_inside_the_archive_is_refused_naming_the_entry()
    {
        var path = folder.File("truncated.pt");
        using (var archive = ZipFile.Open(path, ZipArchiveMode.Create))
        using (var entry = archive.CreateEntry("archive/data.pkl").Open())
            entry.Write(new byte[] { 0x80, 2, (byte)'}', (byte)'q' });

        var error = Assert.Throws<CheckpointFormatException>(() => PyTorchFile.ReadStateDict(path));

        Assert.Contains("archive/data.pkl", error.Problem, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_extension_is_refused()
    {
        var error = Assert.Throws<CheckpointFormatException>(() => ModuleCheckpoint.Read(folder.File("weights.ckpt")));
        Assert.Contains("'.ckpt'", error.Problem, StringComparison.Ordinal);
    }
}
