using System;
using Composable.Examples.ObjectiveToy;

return Cli.Run(args, Console.Out, Console.Error);
