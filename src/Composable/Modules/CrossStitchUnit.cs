using System.Collections.Generic;
using TorchSharp.Modules;
using static TorchSharp.torch;
using TorchSharp;

namespace Composable.Modules;

/// <summary>
/// A cross-stitch unit (Misra et al. 2016): a learned K × K matrix α (parameter <c>weight</c>) that mixes the
/// activations of K task columns, h'_k = Σ_j α_kj h_j. Initialised without randomness: α_kk = self, α_kj = others.
/// </summary>
public sealed class CrossStitchUnit : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;

    /// <summary>A unit over <paramref name="columns"/> columns with the declared initial mixing.</summary>
    public CrossStitchUnit(int columns, double self, double others) : base(nameof(CrossStitchUnit))
    {
        using var offDiagonal = others.ToScalar();
        using var diagonal = self.ToScalar();
        var init = full(columns, columns, offDiagonal, dtype: ScalarType.Float32);
        init.diagonal().fill_(diagonal);
        weight = new Parameter(init);
        RegisterComponents();
    }

    /// <summary>The mixing matrix α [K, K].</summary>
    public Parameter Weight => weight;

    /// <summary>Stacked column activations [K, B, H] → mixed [K, B, H].</summary>
    public override Tensor forward(Tensor columns) =>
        matmul(weight, columns.reshape(columns.shape[0], -1)).view(columns.shape);

    /// <summary>Mixes the columns' activations, one tensor [B, H] per task, and returns them in the same order.</summary>
    public Tensor[] Mix(IReadOnlyList<Tensor> columns)
    {
        var mixed = call(stack(columns, 0));
        var result = new Tensor[columns.Count];
        for (var k = 0; k < result.Length; k++) result[k] = mixed[k];
        return result;
    }

    /// <summary>
    /// Sluice mixing: splits each column's activations [B, H] into <paramref name="subspaces"/> equal parts, mixes all
    /// K·S parts with this unit (over K·S units) and reassembles each column.
    /// </summary>
    public Tensor[] MixSubspaces(IReadOnlyList<Tensor> columns, int subspaces)
    {
        var parts = new Tensor[columns.Count * subspaces];
        for (var k = 0; k < columns.Count; k++)
        {
            var chunks = columns[k].chunk(subspaces, 1);
            for (var s = 0; s < subspaces; s++) parts[k * subspaces + s] = chunks[s];
        }
        var mixed = call(stack(parts, 0));
        var result = new Tensor[columns.Count];
        for (var k = 0; k < result.Length; k++)
        {
            var own = new Tensor[subspaces];
            for (var s = 0; s < subspaces; s++) own[s] = mixed[k * subspaces + s];
            result[k] = cat(own, 1);
        }
        return result;
    }
}
