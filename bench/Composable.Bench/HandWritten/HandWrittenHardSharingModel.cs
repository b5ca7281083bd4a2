using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Composable.Bench.HandWritten;

/// <summary>The benchmark model written by hand: a shared two-layer trunk (64→256→256, ReLU) and three linear heads on it.</summary>
internal sealed class HandWrittenHardSharingModel : nn.Module<Tensor, (Tensor Income, Tensor Marital, Tensor Age)>
{
    private readonly Linear trunk_0;
    private readonly Linear trunk_1;
    private readonly Linear income_head;
    private readonly Linear marital_head;
    private readonly Linear age_head;

    public HandWrittenHardSharingModel(int inputs = 64, int hidden = 256) : base(nameof(HandWrittenHardSharingModel))
    {
        trunk_0 = nn.Linear(inputs, hidden);
        trunk_1 = nn.Linear(hidden, hidden);
        income_head = nn.Linear(hidden, 1);
        marital_head = nn.Linear(hidden, 1);
        age_head = nn.Linear(hidden, 1);
        RegisterComponents();
    }

    public override (Tensor Income, Tensor Marital, Tensor Age) forward(Tensor input)
    {
        var shared = nn.functional.relu(trunk_1.forward(nn.functional.relu(trunk_0.forward(input))));
        return (income_head.forward(shared), marital_head.forward(shared), age_head.forward(shared));
    }
}
