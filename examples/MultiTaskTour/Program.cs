using System;
using MultiTaskTour.Cli;
using MultiTaskTour.Running;

var progress = Console.IsOutputRedirected ? ProgressStyle.Lines : ProgressStyle.Updating;
return TourCommand.Execute(args, Console.Out, Console.Error, progress);
