using System;
using Composable.Examples.MultiKanjiStudy;

return Cli.Run(args, Console.Out, Console.Error);
