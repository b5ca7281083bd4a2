using System;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace Composable.Package.Tests;

/// <summary>
/// What a user does: one PackageReference to the freshly packed Composable in a project outside the repository. The
/// project must build, get the generated code, load libtorch (with the Debian 12 fix from buildTransitive) and train;
/// a broken declaration must fail the build with the CMP diagnostic at its line.
/// </summary>
public sealed class ConsumerRouteTests(PackageFeed feed) : IClassFixture<PackageFeed>
{
    [Fact]
    public void Package_holds_run_time_schema_generator_and_load_fix_and_depends_on_the_cpu_libtorch()
    {
        Assert.True(feed.Pack.ExitCode == 0, feed.Pack.Output);
        using var package = ZipFile.OpenRead(feed.PackagePath);
        var entries = package.Entries.Select(e => e.FullName).ToHashSet();
        foreach (var expected in new[]
                 {
                     "lib/net10.0/Composable.dll", "lib/net10.0/Composable.Declarations.dll", "analyzers/dotnet/cs/Composable.Generators.dll",
                     "buildTransitive/Composable.targets", "buildTransitive/WeakenGlibcxxRequirement.cs", "README.md",
                 })
            Assert.Contains(expected, entries);

        using var nuspecStream = package.Entries.Single(e => e.FullName.EndsWith(".nuspec")).Open();
        var metadata = XDocument.Load(nuspecStream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Element(string name) => metadata.Elements().Single(e => e.Name.LocalName == name).Value;
        Assert.Equal("Composable", Element("id"));
        Assert.Equal("MIT", Element("license"));
        Assert.Equal("README.md", Element("readme"));
        var dependencies = metadata.Descendants().Where(e => e.Name.LocalName == "dependency").ToDictionary(d => (string)d.Attribute("id")!, d => d);
        Assert.Contains("TorchSharp", dependencies.Keys);
        Assert.Contains("libtorch-cpu-linux-x64", dependencies.Keys);
        Assert.DoesNotContain("Composable.Declarations", dependencies.Keys);
        // The natives are placed by the libtorch packages' buildTransitive targets: a consumer must get them.
        Assert.Equal("All", (string?)dependencies["libtorch-cpu-linux-x64"].Attribute("include"));
    }

    [Fact]
    public void A_fresh_consumer_with_one_package_reference_builds_and_trains()
    {
        Assert.True(feed.Pack.ExitCode == 0, feed.Pack.Output);
        using var consumer = ConsumerProject.Create(feed);

        var run = consumer.Dotnet("run");

        Assert.True(run.ExitCode == 0, run.Output);
        var printed = Regex.Match(run.Output, @"steps=(\d+) before=(\S+) after=(\S+)");
        Assert.True(printed.Success, run.Output);
        Assert.Equal("30", printed.Groups[1].Value);
        var before = double.Parse(printed.Groups[2].Value, CultureInfo.InvariantCulture);
        var after = double.Parse(printed.Groups[3].Value, CultureInfo.InvariantCulture);
        Assert.True(after < before, $"The loss did not fall: {before} -> {after}.");
        // The generated trainer of an adaptive objective (CAGrad): its run-time step ships in the package too.
        var cagrad = Regex.Match(run.Output, @"cagrad before=(\S+) after=(\S+) coefficients=(\S+);(\S+)");
        Assert.True(cagrad.Success, run.Output);
        Assert.True(double.Parse(cagrad.Groups[2].Value, CultureInfo.InvariantCulture) < double.Parse(cagrad.Groups[1].Value, CultureInfo.InvariantCulture), run.Output);
        Assert.All(new[] { cagrad.Groups[3].Value, cagrad.Groups[4].Value }, c => Assert.True(double.Parse(c, CultureInfo.InvariantCulture) > 0, run.Output));
        // A generated fine-tuning trainer: the source's trunk loaded by name, the top block thawed after the first epoch.
        var transfer = Regex.Match(run.Output, @"transfer before=(\S+) after=(\S+) training=(\S+)");
        Assert.True(transfer.Success, run.Output);
        Assert.True(double.Parse(transfer.Groups[2].Value, CultureInfo.InvariantCulture) < double.Parse(transfer.Groups[1].Value, CultureInfo.InvariantCulture), run.Output);
        Assert.Equal("trunk_0;head", transfer.Groups[3].Value);
        Assert.True(File.Exists(Path.Combine(consumer.Folder, "obj", "project.assets.json")));

        // MKL's kernels: chosen by instruction set when Composable is used first (by vendor on Intel CPUs, where that
        // is the same); after torch products run before Composable loads, MKL has chosen and Composable says so.
        var expected = ExpectedMklKind();
        Assert.Contains($"mkl={expected}", run.Output);
        var late = consumer.Dotnet("run --no-build", "mkl-after-torch");
        Assert.True(late.ExitCode == 0, late.Output);
        Assert.Contains($"mkl={(expected == "ByInstructionSet" ? "ChosenEarlier" : expected)}", late.Output);
    }

    /// <summary>What <c>MklDispatch</c> applies in a fresh process on this machine when Composable is used first.</summary>
    private static string ExpectedMklKind() =>
        !OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64 ? "NotApplicable"
        : Environment.GetEnvironmentVariable("COMPOSABLE_MKL_DISPATCH")?.Trim().Equals("vendor", StringComparison.OrdinalIgnoreCase) == true ? "Vendor"
        : CpuVendor() == "GenuineIntel" ? "Intel"
        : "ByInstructionSet";

    private static string CpuVendor()
    {
        var (_, ebx, ecx, edx) = X86Base.CpuId(0, 0);
        return string.Concat(new[] { ebx, edx, ecx }.Select(r => System.Text.Encoding.ASCII.GetString(BitConverter.GetBytes(r))));
    }

    [Fact]
    public void A_broken_declaration_in_a_consumer_fails_the_build_with_its_diagnostic_at_the_argument()
    {
        Assert.True(feed.Pack.ExitCode == 0, feed.Pack.Output);
        using var consumer = ConsumerProject.Create(feed);
        consumer.Edit("Census.cs", "new Regression(Outputs: 1))]", "new Regression(Outputs: 1), Weight: double.NaN)]");
        var (line, column) = consumer.Find("Census.cs", "Weight: double.NaN");

        var build = consumer.Dotnet("build");

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains($"Census.cs({line},{column}): error CMP0008: Task 'Age' has weight NaN", build.Output);
    }
}
