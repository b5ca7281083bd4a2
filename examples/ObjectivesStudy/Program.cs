using System;
using Composable.Examples.ObjectivesStudy;

return Cli.Run(args, Console.Out, Console.Error);
