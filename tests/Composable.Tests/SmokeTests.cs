using Xunit;
namespace Composable.Tests;
public class SmokeTests { [Fact] public void Torch_loads() => Assert.Equal(3f, Smoke.Sum()); }
