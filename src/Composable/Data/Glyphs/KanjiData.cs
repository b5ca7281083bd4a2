using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace Composable.Data.Glyphs;

/// <summary>
/// The 6,394 kanji of Debian's <c>python3-kanjidraw</c> (stroke data derived from KanjiVG, CC-BY-SA-3.0), read
/// straight from the package's <c>data.json</c>: an object keyed by stroke count ("1"…"30") whose values map each
/// character to its strokes, each stroke <c>[x1, y1, x2, y2]</c> — the first and last point of the KanjiVG path,
/// scaled to 0…255. No Python runs; the data is never copied into this repository.
/// </summary>
public static class KanjiData
{
    /// <summary>The Debian package that ships the data.</summary>
    public const string Package = "python3-kanjidraw";

    /// <summary>Where <see cref="Package"/> installs its data file.</summary>
    public const string DefaultPath = "/usr/lib/python3/dist-packages/kanjidraw/data.json";

    /// <summary>The characters of <c>data.json</c>, by stroke count and then in file order.</summary>
    /// <param name="path">The data file; <see cref="DefaultPath"/> when omitted.</param>
    /// <exception cref="FileNotFoundException">The file is missing; the message names the package to install.</exception>
    /// <exception cref="InvalidDataException">The file is not in the expected format.</exception>
    public static IReadOnlyList<Glyph> Load(string? path = null)
    {
        path ??= DefaultPath;
        if (!File.Exists(path))
            throw new FileNotFoundException(MissingMessage(path), path);
        using var stream = File.OpenRead(path);
        using var document = JsonDocument.Parse(stream);
        return Parse(document.RootElement, path);
    }

    /// <summary>The error text for a missing data file at <paramref name="path"/>.</summary>
    public static string MissingMessage(string path) =>
        $"Kanji stroke data not found at '{path}'. It is shipped by the Debian package {Package}: " +
        $"install it with `apt-get install -y {Package}` (or pass the path of its data.json).";

    private static List<Glyph> Parse(JsonElement root, string path)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw Invalid(path, "the top level is not an object keyed by stroke count");
        var groups = new List<(int Count, JsonElement Characters)>();
        foreach (var group in root.EnumerateObject())
        {
            if (!int.TryParse(group.Name, out var count) || group.Value.ValueKind != JsonValueKind.Object)
                throw Invalid(path, $"key '{group.Name}' is not a stroke count with an object of characters");
            groups.Add((count, group.Value));
        }
        groups.Sort((a, b) => a.Count.CompareTo(b.Count));

        var glyphs = new List<Glyph>();
        foreach (var (count, characters) in groups)
            foreach (var character in characters.EnumerateObject())
            {
                var strokes = new List<GlyphStroke>();
                foreach (var stroke in character.Value.EnumerateArray())
                {
                    if (stroke.GetArrayLength() != 4)
                        throw Invalid(path, $"a stroke of '{character.Name}' does not have 4 coordinates");
                    strokes.Add(new GlyphStroke(stroke[0].GetSingle(), stroke[1].GetSingle(), stroke[2].GetSingle(), stroke[3].GetSingle()));
                }
                if (strokes.Count != count)
                    throw Invalid(path, $"'{character.Name}' is listed under {count} strokes but has {strokes.Count}");
                glyphs.Add(new Glyph(character.Name, ValueList.From(strokes.ToArray())));
            }
        return glyphs;
    }

    private static InvalidDataException Invalid(string path, string what) =>
        new($"'{path}' is not {Package}'s data.json: {what}.");
}
