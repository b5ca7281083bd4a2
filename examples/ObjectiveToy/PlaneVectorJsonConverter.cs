using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Composable.Examples.ObjectiveToy;

/// <summary>A <see cref="PlaneVector"/> in JSON as <c>[x, y]</c> rounded to <see cref="Decimals"/> decimals, which keeps the
/// trajectories of a full run small; reading takes the same form.</summary>
public sealed class PlaneVectorJsonConverter : JsonConverter<PlaneVector>
{
    /// <summary>Decimals kept: far below Adam's steps of 0.001.</summary>
    public const int Decimals = 6;

    /// <inheritdoc />
    public override PlaneVector Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("A point is written [x, y].");
        reader.Read();
        var x = reader.GetDouble();
        reader.Read();
        var y = reader.GetDouble();
        reader.Read();
        if (reader.TokenType != JsonTokenType.EndArray) throw new JsonException("A point has two coordinates, [x, y].");
        return new PlaneVector(x, y);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, PlaneVector value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(Math.Round(value.X, Decimals));
        writer.WriteNumberValue(Math.Round(value.Y, Decimals));
        writer.WriteEndArray();
    }
}
