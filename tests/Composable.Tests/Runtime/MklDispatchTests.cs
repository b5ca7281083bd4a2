using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Composable.Training;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Composable.Tests.Runtime;

/// <summary>
/// MKL's products chosen by instruction set rather than CPU vendor (<see cref="MklDispatch"/>): when it applies, that
/// it applied in this process, and that products stay exact and repeatable under it.
/// </summary>
public sealed class MklDispatchTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(false, null, "AuthenticAMD", MklDispatchKind.NotApplicable)]
    [InlineData(true, "vendor", "AuthenticAMD", MklDispatchKind.Vendor)]
    [InlineData(true, " Vendor ", "AuthenticAMD", MklDispatchKind.Vendor)]
    [InlineData(true, null, "GenuineIntel", MklDispatchKind.Intel)]
    [InlineData(true, "vendor", "GenuineIntel", MklDispatchKind.Vendor)]
    [InlineData(true, null, null, MklDispatchKind.NotApplicable)]
    public void Mkl_keeps_its_own_choice_where_there_is_nothing_to_redirect(bool linuxX64, string? variable, string? vendor, MklDispatchKind expected) =>
        Assert.Equal(expected, MklDispatch.Decide(linuxX64, variable, vendor)?.Kind);

    [Theory]
    [InlineData(null, "AuthenticAMD")]
    [InlineData("", "HygonGenuine")]
    [InlineData("features", "AuthenticAMD")]
    public void Mkl_is_redirected_on_linux_x64_cpus_not_made_by_intel(string? variable, string vendor) =>
        Assert.Null(MklDispatch.Decide(true, variable, vendor));

    [Fact]
    public void The_setting_this_process_got_matches_its_cpu()
    {
        var setting = CpuKernels.Configure().Mkl;
        output.WriteLine($"CPU {MklDispatch.CpuVendor()}: {setting.Kind}, {setting.Description}");
        var expected = MklDispatch.Decide(
            OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64,
            Environment.GetEnvironmentVariable(MklDispatch.Variable), MklDispatch.CpuVendor())?.Kind
            ?? MklDispatchKind.ByInstructionSet;
        Assert.Equal(expected, setting.Kind);
        Assert.Same(setting, MklDispatch.Setting);
    }

    [Fact]
    public void Products_match_float64_and_repeat_bit_for_bit()
    {
        using var scope = NewDisposeScope();
        var random = new Generator(7);
        // Odd sizes, so that every kernel's edge handling runs; large enough for MKL's blocked kernels.
        var a = randn([333, 517], generator: random);
        var b = randn([517, 259], generator: random);
        var product = a.matmul(b);
        var exact = a.to(float64).matmul(b.to(float64));
        var error = (product.to(float64) - exact).abs().max().item<double>() / exact.abs().max().item<double>();
        output.WriteLine($"{MklDispatch.Setting.Kind}: largest error {error:E2} of the largest entry");
        Assert.True(error < 1e-5, $"float32 product parts from float64 by {error:E2} of the largest entry");
        Assert.True(product.equal(a.matmul(b)).all().item<bool>(), "the same product twice gave different bits");
        // The transposed forms a linear layer's backward takes.
        Assert.True(a.t().matmul(product).equal(a.t().matmul(product)).all().item<bool>());
        Assert.True(product.matmul(b.t()).equal(product.matmul(b.t())).all().item<bool>());
    }

    [Fact]
    public void The_elf_reader_finds_the_vendor_check_and_its_table_entry_in_libtorch()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64) return;
        var torch = NativeLibrary.Load("libtorch_cpu", typeof(MklDispatch).Assembly, null);
        if (!NativeLibrary.TryGetExport(torch, MklDispatch.VendorCheck, out _)) return; // a libtorch without MKL
        var path = MemoryMap.Read().First(m => m.Path.EndsWith("libtorch_cpu.so", StringComparison.Ordinal)).Path;
        var image = ElfImage.Read(path);
        Assert.NotEqual(0UL, image.SymbolValue(MklDispatch.VendorCheck));
        Assert.NotEmpty(image.RelocationSlots(MklDispatch.VendorCheck));
        var missing = Assert.Throws<InvalidDataException>(() => image.SymbolValue("no_such_symbol_in_libtorch"));
        Assert.Contains("no_such_symbol_in_libtorch", missing.Message);
    }

    [Fact]
    public void The_elf_reader_names_a_file_that_is_not_elf()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, new string('x', 100));
            var error = Assert.Throws<InvalidDataException>(() => ElfImage.Read(path));
            Assert.Contains(path, error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
