using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Unmentoring.Pairing;

namespace Unmentoring.Cli.Pair;

/// <summary>The JSON shape of <c>unmentoring pair</c>, documented in the issue and the README.</summary>
internal static class PlanJson
{
    public static string Write(PairingPlan plan)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("round", plan.Round);
            json.WriteNumber("seed", plan.Seed);
            json.WriteStartArray("groups");
            foreach (var group in plan.Groups)
            {
                json.WriteStartArray();
                foreach (var member in group.Members)
                {
                    json.WriteStringValue(member);
                }

                json.WriteEndArray();
            }

            json.WriteEndArray();
            LeftOut(json, "satOut", plan.SatOut);
            LeftOut(json, "unmatched", plan.Unmatched);
            json.WriteStartArray("repeats");
            foreach (var repeat in plan.Repeats)
            {
                json.WriteStartObject();
                json.WriteString("a", repeat.A);
                json.WriteString("b", repeat.B);
                json.WriteNumber("lastRound", repeat.LastRound);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("stats");
            json.WriteNumber("participants", plan.Stats.Participants);
            json.WriteNumber("matched", plan.Stats.Matched);
            json.WriteNumber("elapsedMs", Math.Round(plan.Stats.Elapsed.TotalMilliseconds, 3));
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void LeftOut(Utf8JsonWriter json, string name, IReadOnlyList<LeftOutParticipant> people)
    {
        json.WriteStartArray(name);
        foreach (var person in people)
        {
            json.WriteStartObject();
            json.WriteString("id", person.Id);
            json.WriteString("reason", person.Reason);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
