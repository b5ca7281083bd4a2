using System;
using Composable.Examples.KanjiTransfer;

// Kanji transfer study: a conv classifier pretrained on 500 kanji, adapted to 20 unseen kanji with k labelled images
// each by six methods, and a multi-task trunk fine-tuned to a fourth related task.
//   dotnet run -c Release --project examples/KanjiTransfer -- [--quick] [--draws N] [--seed N] [--out FOLDER]
// Needs the Debian package python3-kanjidraw (apt-get install -y python3-kanjidraw).
return Cli.Run(args, Console.Out, Console.Error);
