namespace Composable
{
    /// <summary>
    /// How task losses become the update of the parameters. Every objective sees each task's loss scaled by the task's
    /// declared <see cref="TaskSpec.Weight"/> (1 by default). Three kinds:
    /// <list type="bullet">
    /// <item><see cref="WeightedSum"/>: fixed weights, one backward pass.</item>
    /// <item><see cref="LossWeighting"/>: per-step weights on the losses (learned, from the loss history or random), one backward pass
    /// (<see cref="GradNorm"/> adds a gradient of the last shared layer per task).</item>
    /// <item><see cref="GradientCombination"/>: one gradient per task on the shared parameters, combined into one update; each task's
    /// own parameters get their own task's gradient.</item>
    /// </list>
    /// </summary>
    public abstract record Objective
    {
        private protected Objective()
        {
        }

        /// <summary>Short name as the papers and LibMTL spell it (<c>EW</c>, <c>UW</c>, <c>PCGrad</c> …), for tables and logs.</summary>
        public abstract string ShortName { get; }
    }

    /// <summary>Σ weight_t · loss_t over the tasks sampled for the step (equal weighting when every weight is 1).</summary>
    /// <param name="Sampling">Which tasks contribute to each step.</param>
    public sealed record WeightedSum(TaskSampling Sampling = TaskSampling.AllTasks) : Objective
    {
        /// <inheritdoc />
        public override string ShortName => "EW";
    }

    /// <summary>Loss-weighting methods: the update is the gradient of Σ λ_t(step) · loss_t, every task every step.</summary>
    public abstract record LossWeighting : Objective
    {
        private protected LossWeighting()
        {
        }
    }

    /// <summary>
    /// Uncertainty weighting (Kendall, Gal and Cipolla, CVPR 2018): a learned log-variance s_t per task, trained with the
    /// model. Regression tasks (MSE, L1, Huber) take ½·exp(−s_t)·L_t + ½·s_t, classification tasks exp(−s_t)·L_t + ½·s_t
    /// (the paper's eq. 7 and 10 with s = log σ²). The reported weight of a task is its loss's factor.
    /// </summary>
    /// <param name="InitialLogVariance">s_t at the start (0: σ = 1, as in the paper's code).</param>
    public sealed record UncertaintyWeighting(double InitialLogVariance = 0.0) : LossWeighting
    {
        /// <inheritdoc />
        public override string ShortName => "UW";
    }

    /// <summary>
    /// Dynamic weight average (Liu, Johns and Davison, CVPR 2019): λ_t = T_tasks · softmax_t(r_t / T) with
    /// r_t = L̄_t(e−1) / L̄_t(e−2), the ratio of the task's mean training loss over the two previous epochs; λ_t = 1 in the
    /// first two epochs. Epochs end at <c>Fit</c>'s epoch ends (or <c>EndEpoch()</c> when stepping by hand).
    /// </summary>
    /// <param name="Temperature">T; larger is closer to equal weights (the paper: 2).</param>
    public sealed record DynamicWeightAverage(double Temperature = 2.0) : LossWeighting
    {
        /// <inheritdoc />
        public override string ShortName => "DWA";
    }

    /// <summary>
    /// Random loss weighting (Lin et al., TMLR 2022): every step λ = softmax(z) with z ~ N(0, I), drawn from the
    /// trainer's own generator (so a seed fixes the draws), the paper's normal-distribution variant.
    /// </summary>
    public sealed record RandomLossWeighting() : LossWeighting
    {
        /// <inheritdoc />
        public override string ShortName => "RLW";
    }

    /// <summary>
    /// GradNorm (Chen et al., ICML 2018): learned weights w_t (from 1), trained by the same optimiser to make the gradient
    /// norms G_t = ‖∇_W w_t·L_t‖ on the last shared layer W equal to mean(G)·(L̃_t / mean L̃)^α, L̃_t = L_t / L_t(step 1);
    /// after every step the weights are renormalised to sum to the number of tasks.
    /// </summary>
    /// <param name="Alpha">Asymmetry α ≥ 0 (the paper: 1.5 on NYUv2; 0 pulls every gradient norm to the mean).</param>
    public sealed record GradNorm(double Alpha = 1.5) : LossWeighting
    {
        /// <inheritdoc />
        public override string ShortName => "GradNorm";
    }

    /// <summary>
    /// IMTL-L, the loss half of impartial multi-task learning (Liu et al., ICLR 2021): a learned scale s_t per task,
    /// objective Σ exp(s_t)·L_t − s_t, which makes every scaled loss equal to 1 at its optimum.
    /// </summary>
    public sealed record ImtlLoss() : LossWeighting
    {
        /// <inheritdoc />
        public override string ShortName => "IMTL-L";
    }

    /// <summary>
    /// Geometric loss strategy (Chennupati et al., CVPR Workshops 2019): minimise (Π_t L_t)^(1/T), whose gradient
    /// weights each task by mean-geometric-loss / (T · L_t), favouring tasks whose loss is small relative to the others.
    /// </summary>
    public sealed record GeometricLoss() : LossWeighting
    {
        /// <inheritdoc />
        public override string ShortName => "GLS";
    }

    /// <summary>
    /// Gradient-combination methods: per step, one gradient g_t of each task's loss on the shared parameters, the
    /// [tasks × shared] matrix G combined into one direction d = Σ β_t g_t (the β are the step's reported
    /// coefficients); each task's own parameters get their own task's gradient.
    /// </summary>
    public abstract record GradientCombination : Objective
    {
        private protected GradientCombination()
        {
        }
    }

    /// <summary>
    /// PCGrad, gradient surgery (Yu et al., NeurIPS 2020): each g_i is projected onto the normal plane of every g_j (in a
    /// random order drawn from the trainer's generator) it conflicts with (g_i·g_j &lt; 0); d = Σ_i projected g_i.
    /// </summary>
    public sealed record PCGrad() : GradientCombination
    {
        /// <inheritdoc />
        public override string ShortName => "PCGrad";
    }

    /// <summary>How MGDA scales task gradients before the min-norm point (Sener and Koltun's code: <c>loss+</c>).</summary>
    public enum GradientNormalization
    {
        /// <summary>No scaling.</summary>
        None,

        /// <summary>g_t / ‖g_t‖.</summary>
        L2,

        /// <summary>g_t / L_t.</summary>
        Loss,

        /// <summary>g_t / (L_t · ‖g_t‖).</summary>
        LossPlus,
    }

    /// <summary>
    /// MGDA (Sener and Koltun, NeurIPS 2018): the min-norm point α of the convex hull of the task gradients (Frank-Wolfe;
    /// the closed form for two tasks), then the update of Σ α_t·L_t. With <paramref name="UpperBound"/> (MGDA-UB) the
    /// gradients are taken with respect to the shared representation (the hard-sharing trunk's output) instead of the
    /// shared parameters, one cheap backward per task through the towers only.
    /// </summary>
    /// <param name="UpperBound">MGDA-UB (needs hard sharing); false for gradients on the shared parameters.</param>
    /// <param name="Normalization">Scaling of each task's gradient before the min-norm solve.</param>
    public sealed record Mgda(bool UpperBound = true, GradientNormalization Normalization = GradientNormalization.None) : GradientCombination
    {
        /// <inheritdoc />
        public override string ShortName => UpperBound ? "MGDA-UB" : "MGDA";
    }

    /// <summary>
    /// CAGrad, conflict-averse gradient descent (Liu et al., NeurIPS 2021): d = g₀ + (√φ / ‖g_w‖)·g_w with g₀ the average
    /// gradient, φ = c²‖g₀‖² and w on the simplex minimising g_wᵀg₀ + √φ‖g_w‖; divided by 1 + c² (the paper's code, rescale 1).
    /// c = 0 is the average gradient.
    /// </summary>
    /// <param name="C">c in [0, 1) (the paper: 0.4 on NYUv2, 0.5 on the toy).</param>
    public sealed record CAGrad(double C = 0.4) : GradientCombination
    {
        /// <inheritdoc />
        public override string ShortName => "CAGrad";
    }

    /// <summary>
    /// IMTL-G, the gradient half of impartial multi-task learning (Liu et al., ICLR 2021): coefficients α summing to 1
    /// such that d = Σ α_t g_t has equal projections onto every unit task gradient u_t = g_t/‖g_t‖ (closed form).
    /// </summary>
    public sealed record ImtlGradient() : GradientCombination
    {
        /// <inheritdoc />
        public override string ShortName => "IMTL-G";
    }

    /// <summary>
    /// Nash-MTL (Navon et al., ICML 2022): α > 0 solving the bargaining condition (G Gᵀ α)_t = 1/α_t, d = Σ α_t g_t, the
    /// update clipped to <paramref name="MaxNorm"/> as in the paper's code.
    /// </summary>
    /// <param name="MaxNorm">Clip ‖d‖ to this (0: no clipping; the paper's code: 1).</param>
    /// <param name="UpdateEvery">Solve for α every this many steps and reuse it in between (the paper: 1).</param>
    public sealed record NashMtl(double MaxNorm = 1.0, int UpdateEvery = 1) : GradientCombination
    {
        /// <inheritdoc />
        public override string ShortName => "Nash-MTL";
    }

    /// <summary>
    /// Aligned-MTL (Senushkin et al., CVPR 2023): the task gradients made orthogonal and of equal norm (the smallest
    /// singular value's) through the eigendecomposition of G Gᵀ, d = Σ_t (aligned g_t); the condition number of the
    /// gradient system becomes 1.
    /// </summary>
    public sealed record AlignedMtl() : GradientCombination
    {
        /// <inheritdoc />
        public override string ShortName => "Aligned-MTL";
    }

    /// <summary>
    /// Gradient vaccine (Wang et al., ICLR 2021): like PCGrad, but each pair's cosine is raised to an adaptive target
    /// φ̂_ij, an exponential moving average of the observed cosines, instead of to 0; on the shared parameters as one group.
    /// </summary>
    /// <param name="Beta">EMA rate of the targets φ̂, in (0, 1] (the paper: 0.01).</param>
    public sealed record GradVac(double Beta = 0.01) : GradientCombination
    {
        /// <inheritdoc />
        public override string ShortName => "GradVac";
    }
}
