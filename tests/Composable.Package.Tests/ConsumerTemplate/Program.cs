using Consumer;
using static TorchSharp.torch;

// This file names no Composable type, so the Composable assembly loads only when Run's methods are first called.
if (args is ["mkl-after-torch"])
{
    // torch products before Composable is first used: MKL chooses its kernels here, before Composable can say how.
    using var a = randn(256, 256);
    for (var i = 0; i < 3; i++) { using var product = a.matmul(a); }
    Run.PrintMklSetting();
    return;
}
Run.PrintMklSetting();
Run.Trainers();
