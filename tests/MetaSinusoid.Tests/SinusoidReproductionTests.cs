using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Composable;
using Composable.Data.Episodes;
using Composable.Meta;
using Composable.Meta.Baselines;

using Xunit;
using static TorchSharp.torch;

namespace MetaSinusoid.Tests;

public class SinusoidReproductionTests
{
    [Fact]
    public void Quick_setting_runs_every_method_and_writes_table_json_and_plots()
    {
        var directory = Directory.CreateTempSubdirectory("meta-sinusoid-");
        try
        {
            var options = ReproductionOptions.Quick with
            {
                Out = Path.Combine(directory.FullName, "results.json"),
                Plot = Path.Combine(directory.FullName, "mse.png"),
            };
            var lines = 0;
            var results = SinusoidReproduction.Run(options, _ => lines++);

            Assert.Equal(SinusoidReproduction.AllMethods.Length * 2, results.Count);
            Assert.True(lines > results.Count, "no progress was reported");
            Assert.All(results, r => Assert.Equal(options.TestSteps + 1, r.Mean.Length));
            var maml = results.Single(r => r.Method == "MAML" && r.Shots == 10);
            Assert.True(maml.Mean[1] < maml.Mean[0], "one test-time step did not help MAML");
            Assert.All(maml.Mean.Zip(maml.Ci95), p => Assert.True(double.IsFinite(p.Item1) && p.Item2 > 0));
            var oracle = results.Single(r => r.Method == "oracle" && r.Shots == 5);
            Assert.All(oracle.Mean, m => Assert.Equal(oracle.Mean[0], m));

            var table = Report.Table(results);
            Assert.Contains("K = 5", table);
            Assert.Contains("pretrained", table);

            Report.Json(options.Out!, options, results, memory: null);
            using var json = JsonDocument.Parse(File.ReadAllText(options.Out!));
            Assert.Equal(results.Count, json.RootElement.GetProperty("results").GetArrayLength());

            var plots = Report.Plot(options.Plot!, results);
            Assert.Equal(2, plots.Count);
            Assert.All(plots, file => Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(file).Take(4)));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Meta_learners_train_through_the_generated_trainers_of_their_declarations()
    {
        Assert.Equal(MetaSgdSinusoid.Spec, SinusoidReproduction.Declaration("Meta-SGD", 10));
        Assert.Equal(new FewShotRegression(5, 5), SinusoidReproduction.Declaration("Reptile", 5).Episodes);
        using var trainer = SinusoidReproduction.GeneratedTrainer("Meta-SGD", seed: 1);
        Assert.IsType<MetaSgdSinusoid.Trainer>(trainer);
        Assert.Contains("inner_lr.head.weight", trainer.Module.state_dict().Keys);
    }

    [Fact]
    public void Oracle_and_pretrained_baselines_learn_the_pooled_task()
    {
        var spec = SinusoidReproduction.Declaration("pretrained", 10);
        var family = new SinusoidFamily(new FewShotRegression(10, 10));
        var held = family.SampleBatch(MetaSplit.Test, 0, 50);
        using var oracle = new SinusoidOracle(spec, seed: 1);
        using var pretrained = new PretrainedBaseline(spec, seed: 1);
        var oracleBefore = oracle.MeasureAdaptation(held, 0).Losses.Average(c => c[0]);
        for (var i = 0; i < 300; i++)
        {
            using var scope = NewDisposeScope();
            var batch = family.SampleBatch(MetaSplit.Train, i * 25, 25);
            oracle.Step(batch);
            pretrained.Step(batch);
        }
        Assert.True(oracle.MeasureAdaptation(held, 0).Losses.Average(c => c[0]) < 0.7 * oracleBefore);
        var curves = pretrained.MeasureAdaptation(held, 3).Losses;
        Assert.True(curves.Average(c => c[3]) < curves.Average(c => c[0]), "fine-tuning on the support set did not help");
        Assert.Equal(["layer_0.weight", "layer_0.bias", "layer_1.weight", "layer_1.bias", "head.weight", "head.bias"], pretrained.Network.state_dict().Keys);
    }
}
