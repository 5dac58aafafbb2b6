using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Unmentoring.Pairing;

namespace Unmentoring.Cli.Pair;

/// <summary>
/// The JSON shape of <c>unmentoring pair</c>, documented in the issue and the README. <c>round preview</c>
/// prints the same shape with people named by email, so both build it here.
/// </summary>
internal static class PlanJson
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The plan as indented JSON (see <see cref="WriteUtf8"/>).</summary>
    public static string Write(PairingPlan plan) => Encoding.UTF8.GetString(WriteUtf8(plan).Span);

    /// <summary>
    /// The plan as indented JSON in UTF-8, as a file holds it. Written by a <see cref="Utf8JsonWriter"/> rather
    /// than <c>JsonNode.ToJsonString(JsonSerializerOptions)</c>: the same text, without setting up the
    /// serializer's options, which a fresh <c>pair</c> process paid for at start-up.
    /// </summary>
    public static ReadOnlyMemory<byte> WriteUtf8(PairingPlan plan)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Indented))
        {
            ToNode(plan, id => id).WriteTo(writer);
        }

        return buffer.WrittenMemory;
    }

    /// <summary>The plan as a JSON object, naming each person with <paramref name="name"/> (given the engine's id).</summary>
    public static JsonObject ToNode(PairingPlan plan, Func<string, string> name) => new()
    {
        ["round"] = plan.Round,
        ["seed"] = plan.Seed,
        ["groups"] = new JsonArray(plan.Groups.Select(g => (JsonNode)new JsonArray(g.Members.Select(m => (JsonNode)JsonValue.Create(name(m))!).ToArray())).ToArray()),
        ["satOut"] = LeftOut(plan.SatOut, name),
        ["unmatched"] = LeftOut(plan.Unmatched, name),
        ["repeats"] = new JsonArray(plan.Repeats.Select(r => (JsonNode)new JsonObject
        {
            ["a"] = name(r.A),
            ["b"] = name(r.B),
            ["lastRound"] = r.LastRound,
        }).ToArray()),
        ["stats"] = new JsonObject
        {
            ["participants"] = plan.Stats.Participants,
            ["matched"] = plan.Stats.Matched,
            ["elapsedMs"] = Math.Round(plan.Stats.Elapsed.TotalMilliseconds, 3),
        },
    };

    private static JsonArray LeftOut(IReadOnlyList<LeftOutParticipant> people, Func<string, string> name) =>
        new(people.Select(p => (JsonNode)new JsonObject { ["id"] = name(p.Id), ["reason"] = p.Reason }).ToArray());
}
