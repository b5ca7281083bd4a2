using System;
using Composable.Examples.NegativeTransfer;

return Cli.Run(args, Console.Out, Console.Error);
