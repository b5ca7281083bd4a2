using System;
using Composable.Reporting.Watching;
using MultiTaskTour.Cli;

// A live bar on a terminal; plain lines every two seconds (and at each fit's first and last step) when redirected or in CI.
return TourCommand.Execute(args, Console.Out, Console.Error, Watch.Progress(every: TimeSpan.FromSeconds(2)));
