using static TorchSharp.torch;
using Composable.Training;

namespace Composable.Modules;

/// <summary>Task descriptors z for task-conditioned networks.</summary>
public static class TaskDescriptors
{
    /// <summary>The one-hot descriptor of task <paramref name="task"/> of <paramref name="tasks"/>, repeated for each row of <paramref name="like"/>: float32 [B, tasks].</summary>
    public static Tensor OneHot(int task, int tasks, Tensor like)
    {
        var z = zeros(like.shape[0], tasks, dtype: ScalarType.Float32, device: like.device);
        z[TensorIndex.Colon, task].fill_(Scalars.One);
        return z;
    }

    /// <summary>Row <paramref name="task"/> of a task embedding, repeated for each row of <paramref name="like"/>: [B, width].</summary>
    public static Tensor Embedded(TorchSharp.Modules.Embedding embedding, int task, Tensor like)
    {
        using var index = tensor(new long[] { task }, device: like.device);
        return embedding.call(index).expand(like.shape[0], -1);
    }
}
