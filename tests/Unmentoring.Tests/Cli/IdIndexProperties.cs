using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Unmentoring.Cli.Pair;

namespace Unmentoring.Tests.Cli;

/// <summary>The <c>pair</c> command's id table answers as a dictionary of the same ids would.</summary>
public sealed class IdIndexProperties
{
    /// <summary>
    /// Every id added is found at its position, a second add of an id is refused and changes nothing, and an
    /// id never added (including prefixes and extensions of added ones) is not found, at any size.
    /// </summary>
    [Property(MaxTest = 300)]
    public Property AgreesWithADictionary(NonEmptyString[] adds, NonEmptyString[] probes)
    {
        var index = new IdIndex();
        var expected = new Dictionary<string, int>(StringComparer.Ordinal);
        var addsAgreed = true;
        for (var i = 0; i < adds.Length; i++)
        {
            var id = adds[i].Get;
            addsAgreed &= index.TryAdd(id, i) == expected.TryAdd(id, i);
        }

        var asked = adds.Select(a => a.Get)
            .Concat(probes.Select(p => p.Get))
            .Concat(adds.Select(a => a.Get + "x"))
            .Concat(adds.Where(a => a.Get.Length > 1).Select(a => a.Get[..^1]));
        var lookupsAgreed = asked.All(id =>
        {
            var found = index.TryGetValue(id.AsSpan(), out var at);
            return found == expected.TryGetValue(id, out var want) && (!found || at == want);
        });

        return (addsAgreed && lookupsAgreed && index.Count == expected.Count).Label($"{adds.Length} adds");
    }

    [Fact]
    public void ThousandsOfIds_AllFoundAfterTheTableGrows()
    {
        var index = new IdIndex();
        for (var i = 0; i < 5000; i++)
        {
            Assert.True(index.TryAdd($"p{i:D6}", i));
        }

        for (var i = 0; i < 5000; i++)
        {
            Assert.True(index.TryGetValue($"p{i:D6}", out var at));
            Assert.Equal(i, at);
        }

        Assert.False(index.TryGetValue("p005000", out _));
        Assert.False(index.TryAdd("p000123", 9));
        Assert.True(index.TryGetValue("p000123", out var kept));
        Assert.Equal(123, kept);
    }
}
